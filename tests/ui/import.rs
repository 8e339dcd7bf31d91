//! The import flow in the window, driven through egui_kittest: a GBK file
//! is previewed with its detected encoding, the encoding override changes
//! the preview at once, the check lists the bad row with its line and
//! reason, the good rows are imported on the background thread, and the
//! result page undoes the batch. Chinese UI; a missing glyph panics.

use std::path::Path;
use std::time::Duration;

use crate::common::app_harness;
use chrono::NaiveDate;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use genjin::ui::{Command, GenjinApp, Section};
use tempfile::TempDir;

fn harness(db: &Path) -> Harness<'static, GenjinApp> {
    app_harness::open_app(
        db,
        NaiveDate::from_ymd_opt(2026, 11, 23).expect("a valid date"),
        800.0,
    )
}

/// Runs frames until the wizard reaches `step` (the check and the import
/// run on a thread), or fails after a generous wait.
fn wait_for_step(h: &mut Harness<'static, GenjinApp>, step: &str) {
    for _ in 0..1500 {
        h.run();
        if h.state().transfer().and_then(|t| t.step()) == Some(step) {
            h.run();
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!(
        "the import never reached {step:?}; it is at {:?}",
        h.state().transfer().and_then(|t| t.step())
    );
}

fn customer_count(h: &Harness<'static, GenjinApp>) -> i64 {
    h.state()
        .store()
        .expect("a book is open")
        .customer_count()
        .expect("the test book counts its cards")
}

fn write_gbk(path: &Path, text: &str) {
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(text);
    assert!(!unmappable);
    std::fs::write(path, bytes).expect("the temporary folder is writable");
}

#[test]
fn a_gbk_list_is_previewed_checked_imported_and_undone() {
    let dir = TempDir::new().unwrap();
    let file = dir.path().join("老客户名单.csv");
    // Chosen so that the same bytes read as UTF-8 give only U+FFFD and
    // characters the bundled font has (kittest panics on a missing glyph).
    write_gbk(
        &file,
        "姓名,电话,生日\r\n\
         张三,138 0013 8000,5月6日\r\n\
         李四,13900139000,1985-05-06\r\n\
         王五,12345,\r\n",
    );
    let mut h = harness(&dir.path().join("shop.sqlite"));
    h.run();
    h.state_mut().send(Command::ImportFile(file.clone()));
    h.run();
    assert_eq!(h.state().section(), Section::Transfer);
    assert_eq!(h.state().transfer().unwrap().step(), Some("preview"));

    // The preview decodes the names with the detected encoding.
    h.get_by_label("张三");
    h.get_by_label("5月6日");
    assert!(
        h.query_by_label("有些字显示成了 □，可能选错了编码，请换一个编码试试")
            .is_none()
    );

    // Choosing UTF-8 instead re-reads the file at once: the names no longer
    // decode and the page says the encoding may be wrong.
    h.get_by_label("编码").click();
    h.run();
    h.get_by_label("UTF-8").click();
    h.run();
    assert!(h.query_by_label("张三").is_none());
    h.get_by_label("有些字显示成了 □，可能选错了编码，请换一个编码试试");
    h.get_by_label("编码").click();
    h.run();
    h.get_by_label("GBK / GB18030（简体中文）").click();
    h.run();
    h.get_by_label("张三");

    // The check writes nothing and lists the bad row with line and reason.
    h.get_by_label("下一步：检查").click();
    wait_for_step(&mut h, "report");
    assert_eq!(customer_count(&h), 0, "checking never writes");
    h.get_by_label("手机号应为 11 位，以 1 开头");
    h.get_by_label("4");

    h.get_by_label("只导入正确的 2 行").click();
    wait_for_step(&mut h, "done");
    assert_eq!(customer_count(&h), 2);
    h.get_by_label("导入完成");

    // The new customers are in the list right away.
    let names: Vec<String> = h
        .state()
        .directory()
        .expect("a book is open")
        .rows()
        .iter()
        .map(|s| s.name.clone())
        .collect();
    assert!(names.contains(&"张三".to_string()), "{names:?}");

    // Undo asks first, then removes exactly what the import added.
    h.get_by_label("撤销这次导入").click();
    h.run();
    h.get_by_label(
        "将删除这次导入新增的 2 位客户、0 笔销售、0 笔收款，并把 0 张被更新的客户卡片恢复原样。",
    );
    h.get_by_label("撤销导入").click();
    h.run();
    assert_eq!(customer_count(&h), 0);
    h.get_by_label("这次导入已撤销");
    let batches = h.state().store().unwrap().import_batches().unwrap();
    assert_eq!(batches.len(), 1);
    assert!(batches[0].undone_at.is_some());
}

#[test]
fn the_preview_shows_as_many_rows_as_its_caption_says_and_draws_extension_b_names() {
    let dir = TempDir::new().unwrap();
    let file = dir.path().join("名单.csv");
    let mut text = String::from("姓名,手机\n𠮷田,13800138000\n");
    for i in 2..=25 {
        text.push_str(&format!("客户{i},139{i:08}\n"));
    }
    std::fs::write(&file, text).unwrap();
    let mut h = harness(&dir.path().join("shop.sqlite"));
    h.run();
    h.state_mut().send(Command::ImportFile(file));
    h.run();
    assert_eq!(h.state().transfer().unwrap().step(), Some("preview"));
    h.get_by_label("预览前 10 行");
    h.get_by_label("𠮷田");
    h.get_by_label("客户10");
    assert!(h.query_by_label("客户11").is_none(), "row 11 is not shown");
    h.get_by_label("……后面还有更多行");
}

#[test]
fn when_the_file_dialog_cannot_open_a_typed_path_opens_the_file() {
    use egui::accesskit::Role;
    use genjin::ui::widgets::file_dialog::{PathKind, ask_for_path};
    let dir = TempDir::new().unwrap();
    let file = dir.path().join("名单.csv");
    std::fs::write(&file, "姓名,手机\n张三,13800138000\n").unwrap();
    let mut h = harness(&dir.path().join("shop.sqlite"));
    h.run();
    h.state_mut().send(Command::Navigate(Section::Transfer));
    h.run();
    // What the import button does when rfd comes back at once with nothing.
    ask_for_path(&h.ctx, "import.choose_file", PathKind::Open);
    h.run();
    h.get_by_label("文件选择窗口打不开，可以直接输入文件路径");
    let path = h.get_by_role_and_label(Role::TextInput, "文件路径");
    path.focus();
    path.type_text(&dir.path().join("没有这个.csv").display().to_string());
    h.run();
    h.get_by_label("打开").click();
    h.run();
    h.get_by_label_contains("找不到这个文件");
    assert!(h.state().transfer().and_then(|t| t.step()).is_none());
    h.get_by_label("取消").click();
    h.run();
    assert!(
        h.query_by_label("输入文件路径").is_none(),
        "cancel closes it"
    );
    ask_for_path(&h.ctx, "import.choose_file", PathKind::Open);
    h.run();
    let path = h.get_by_role_and_label(Role::TextInput, "文件路径");
    path.focus();
    path.type_text(&file.display().to_string());
    h.run();
    h.get_by_label("打开").click();
    h.run();
    h.run();
    assert_eq!(h.state().transfer().unwrap().step(), Some("preview"));
    h.get_by_label("张三");
    assert!(
        h.query_by_label("输入文件路径").is_none(),
        "the window closed"
    );
}

#[test]
fn a_sales_file_opens_as_sales_and_an_unknown_customer_is_a_bad_row() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("shop.sqlite");
    let file = dir.path().join("sales.csv");
    std::fs::write(
        &file,
        "单号,客户,手机,日期,商品,金额\n\
         A-1,张三,13800138000,2026/11/1,茶叶,\"1,280.00\"\n\
         A-2,赵六,,2026/11/2,茶具,300\n",
    )
    .unwrap();
    let mut h = harness(&db);
    h.run();
    // A customer to sell to, entered through the store like a previous import.
    {
        let app = h.state_mut();
        app.send(Command::Navigate(Section::Transfer));
    }
    h.run();
    h.get_by_label("还没有导入过");
    let mut store = genjin::store::Store::open_with(&db, genjin::store::OpenMode::Reader).unwrap();
    let now = NaiveDate::from_ymd_opt(2026, 11, 1)
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap();
    let mut zhang = genjin::domain::customer::Customer::new("张三", now);
    zhang.mobile = "13800138000".into();
    store.save_customer(&zhang).unwrap();
    drop(store);
    h.state_mut().send(Command::Reload);
    h.state_mut().send(Command::ImportFile(file));
    h.run();

    // The headers say sales; the kind is chosen without asking.
    h.get_by_label("下一步：检查").click();
    wait_for_step(&mut h, "report");
    h.get_by_label("簿中找不到这位客户（先按手机号，再按完全相同的姓名查找）");
    h.get_by_label("只导入正确的 1 行").click();
    wait_for_step(&mut h, "done");
    let store = h.state().store().unwrap();
    let id = store.customer_keys().unwrap()[0].id;
    assert_eq!(store.balance_of(id).unwrap().fen(), 128_000);

    // Back on the start page, the history lists the batch with its undo.
    h.get_by_label("再导入一个文件").click();
    h.run();
    h.get_by_label("sales.csv");
    h.get_by_label("撤销");
}

#[test]
fn the_report_lists_rows_imported_with_a_change_and_the_columns_not_read() {
    let dir = TempDir::new().unwrap();
    let file = dir.path().join("会员.csv");
    // A bell character inside a name is removed with a warning; the member
    // card number has no field in the book and is not read.
    std::fs::write(
        &file,
        "会员姓名,移动电话,会员卡号\n\
         张\u{7}三,13800138000,VIP-001\n\
         李四,13900139000,VIP-002\n",
    )
    .unwrap();
    let mut h = harness(&dir.path().join("shop.sqlite"));
    h.run();
    h.state_mut().send(Command::ImportFile(file));
    h.run();
    h.get_by_label("下一步：检查").click();
    wait_for_step(&mut h, "report");
    h.get_by_label("有 1 行导入时做了改动或略去了内容：");
    h.get_by_label("含有控制字符，已去掉");
    // The bell no font draws shows as □ where the cell is quoted.
    h.get_by_label("张□三");
    h.get_by_label("这些列不导入：会员卡号");
    h.get_by_label("导入全部 2 行").click();
    wait_for_step(&mut h, "done");
    assert_eq!(customer_count(&h), 2);
    // The warning stays on the result page, and the name went in clean.
    h.get_by_label("有 1 行导入时做了改动或略去了内容：");
    let names: Vec<String> = h
        .state()
        .directory()
        .expect("a book is open")
        .rows()
        .iter()
        .map(|s| s.name.clone())
        .collect();
    assert!(names.contains(&"张三".to_string()), "{names:?}");
}
