//! The window at a small laptop's 1024×640 and at 1920×1080, in Chinese, on
//! a demo shop: every section's key controls can be scrolled into view and
//! clicked (tab rows wrap, Home scrolls, the aging table scrolls sideways
//! with the customer's name pinned).

use egui_kittest::kittest::Queryable;
use genjin::i18n::Language;
use tempfile::TempDir;

use crate::common::reach::{Labels, Walk, demo_book, walk_demo_shop, walk_today};

const CHINESE: Labels = Labels {
    nav: [
        "首页",
        "客户",
        "日历",
        "售后",
        "应收",
        "客户挽留",
        "导入导出",
        "设置",
    ],
    new_customer: "新建客户",
    open_calendar: "打开日历",
    today: "今天",
    export_ics: "导出到手机日历",
    card_tabs: [
        "卡片",
        "拜访前准备",
        "跟踪记录 (",
        "服务承诺 (",
        "购买与付款 (",
        "收款",
        "售后 (",
    ],
    needs: "需求与顾虑",
    save_payment: "保存收款",
    aftersales_tabs: ["投诉处理", "退换货登记", "意见卡"],
    receivables_tabs: ["账龄", "图表", "催收", "对账单"],
    recover_column: "坏账要多卖",
    retention_tabs: ["流失预警", "ABC 分级"],
    choose_file: "选择文件…",
    backup: "立即备份",
};

fn walk_at(width: f32, height: f32) {
    walk_scaled(width, height, 1.0);
}

fn walk_scaled(width: f32, height: f32, scale: f32) {
    walk_demo_shop(
        &CHINESE,
        Language::Chinese,
        egui::vec2(width, height),
        scale,
    );
}

#[test]
fn every_key_control_is_reachable_on_a_small_laptop() {
    walk_at(1024.0, 640.0);
}

#[test]
fn every_key_control_is_reachable_on_a_large_screen() {
    walk_at(1920.0, 1080.0);
}

/// A 1920×1080 screen at 150% and a 2048×1280 one at 200% lay the app out
/// in 1280×720 and 1024×640 points.
#[test]
fn every_key_control_is_reachable_on_scaled_screens() {
    walk_scaled(1280.0, 720.0, 1.5);
    walk_scaled(1024.0, 640.0, 2.0);
}

#[test]
fn the_aging_table_scrolls_sideways_with_the_names_pinned() {
    let dir = TempDir::new().expect("a temporary folder");
    let db = demo_book(dir.path());
    let mut walk = Walk::open_scaled(
        &db,
        walk_today(),
        egui::vec2(1024.0, 640.0),
        Language::Chinese,
        1.0,
    );
    walk.reach("应收");
    let window = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1024.0, 640.0));
    assert!(
        !window.contains_rect(walk.h.get_by_label("坏账要多卖").rect()),
        "at 1024 wide the last column starts out of view"
    );
    let current = walk.h.get_by_label("未到期").rect();
    walk.reach("坏账要多卖");
    let moved = walk.h.get_by_label("未到期").rect();
    assert!(
        moved.min.x < current.min.x,
        "the figures scrolled sideways: {current:?} → {moved:?}"
    );
    let names = walk.h.get_by_label_contains("合计（").rect();
    assert!(
        window.contains_rect(names),
        "the name column stays in view: {names:?}"
    );
    // A short window shows the quadrants as chips, leaving the table room.
    walk.reach_prefix("■ 长期大额：");
    walk.h.get_by_label("只看：长期大额");
}
