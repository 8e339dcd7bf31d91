//! Rotation of a backup folder: which backups to keep (`to_keep`, the pure
//! rule), removing the others, and clearing what interrupted backups left.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io;
use std::path::Path;

use chrono::{Datelike, NaiveDateTime};

use super::{Reason, Retention, SPECIAL_KEEP, parse_file_name};

/// [`rotate`], logging a failure: a backup that was made stands even when
/// old ones could not be removed.
pub(super) fn rotate_logged(
    folder: &Path,
    stem: &str,
    retention: Retention,
    made: Reason,
) -> usize {
    match rotate(folder, stem, retention, made) {
        Ok(n) => n,
        Err(e) => {
            log::warn!("cannot rotate the backups in {}: {e}", folder.display());
            0
        }
    }
}

/// Removes the backups in `folder` that [`to_keep`] does not keep, among
/// those of the same kind as `made` (periodic, or the same special
/// reason), and what interrupted backups left over an hour ago. Only
/// regular files (never symlinks) named by [`file_name`] for `stem` are
/// candidates. Returns how many backups were removed.
pub fn rotate(folder: &Path, stem: &str, retention: Retention, made: Reason) -> io::Result<usize> {
    let mut found = Vec::new();
    for entry in fs::read_dir(folder)? {
        let entry = entry?;
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if is_stale_partial(stem, name, &entry) {
            match fs::remove_file(entry.path()) {
                Ok(()) => log::info!("removed the unfinished backup {name}"),
                Err(e) => log::warn!("cannot remove the unfinished backup {name}: {e}"),
            }
            continue;
        }
        let Some((at, reason)) = parse_file_name(stem, name) else {
            continue;
        };
        let same_kind = if made.is_periodic() {
            reason.is_periodic()
        } else {
            reason == made
        };
        if same_kind && entry.file_type()?.is_file() {
            found.push((entry.path(), at, reason));
        }
    }
    let dated: Vec<_> = found.iter().map(|(_, at, r)| (*at, *r)).collect();
    let keep = to_keep(&dated, retention);
    let mut removed = 0;
    for ((path, _, _), keep) in found.iter().zip(keep) {
        if keep {
            continue;
        }
        match fs::remove_file(path) {
            Ok(()) => removed += 1,
            Err(e) => log::warn!("cannot remove the old backup {}: {e}", path.display()),
        }
    }
    Ok(removed)
}

/// How old a backup's `.partial` file (or its journal) must be before
/// rotation takes it for the leftover of an interrupted backup.
const STALE_PARTIAL: std::time::Duration = std::time::Duration::from_secs(3600);

/// Whether `name` is what a backup killed part-way left behind (its
/// `.partial` file, or that file's `-journal`, `-wal` or `-shm`): a regular
/// file of ours, older than [`STALE_PARTIAL`].
fn is_stale_partial(stem: &str, name: &str, entry: &fs::DirEntry) -> bool {
    let Some((final_name, rest)) = name.split_once(".partial") else {
        return false;
    };
    let ours = parse_file_name(stem, final_name).is_some()
        && ["", "-journal", "-wal", "-shm"].contains(&rest);
    ours && entry.metadata().is_ok_and(|m| {
        m.is_file()
            && m.modified()
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age > STALE_PARTIAL)
    })
}

/// Which backups rotation keeps, given their times and reasons: among the
/// periodic ones the newest of each of the `daily` most recent days with a
/// backup, of each of the `weekly` most recent ISO weeks and `monthly`
/// months, and every one from the newest's day (so a morning backup
/// outlives a mistake made before closing, until the next day); of each
/// special reason the newest [`SPECIAL_KEEP`].
pub fn to_keep(backups: &[(NaiveDateTime, Reason)], retention: Retention) -> Vec<bool> {
    let mut order: Vec<usize> = (0..backups.len()).collect();
    order.sort_by(|a, b| backups[*b].0.cmp(&backups[*a].0));
    let mut keep = vec![false; backups.len()];
    let mut days = HashSet::new();
    let mut weeks = HashSet::new();
    let mut months = HashSet::new();
    let mut special: HashMap<Reason, usize> = HashMap::new();
    let mut newest_day = None;
    for i in order {
        let (at, reason) = backups[i];
        if !reason.is_periodic() {
            let count = special.entry(reason).or_default();
            *count += 1;
            keep[i] = *count <= SPECIAL_KEEP;
            continue;
        }
        let date = at.date();
        let week = date.iso_week();
        let first_of = |set: &mut HashSet<(i32, u32)>, key: (i32, u32), limit: u32| {
            set.len() < limit as usize && set.insert(key)
        };
        let day = first_of(&mut days, (date.year(), date.ordinal()), retention.daily);
        let in_week = first_of(&mut weeks, (week.year(), week.week()), retention.weekly);
        let in_month = first_of(&mut months, (date.year(), date.month()), retention.monthly);
        let on_newest_day = *newest_day.get_or_insert(date) == date;
        keep[i] = day || in_week || in_month || on_newest_day;
    }
    keep
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(y: i32, m: u32, d: u32, h: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(h, 0, 0)
            .unwrap()
    }

    #[test]
    fn rotation_keeps_the_newest_of_each_day_week_and_month() {
        // Two backups a day for 60 days, December 2026 backwards.
        let mut backups = Vec::new();
        let last = NaiveDate::from_ymd_opt(2026, 12, 31).unwrap();
        for back in 0..60 {
            let day = last - chrono::Days::new(back);
            backups.push((day.and_hms_opt(9, 0, 0).unwrap(), Reason::Daily));
            backups.push((day.and_hms_opt(18, 0, 0).unwrap(), Reason::Close));
        }
        let keep = to_keep(
            &backups,
            Retention {
                daily: 3,
                weekly: 2,
                monthly: 2,
            },
        );
        let kept: Vec<_> = backups
            .iter()
            .zip(&keep)
            .filter(|(_, k)| **k)
            .map(|(b, _)| b.0)
            .collect();
        // All of 31 Dec; 30 and 29 Dec (evening ones); week of Mon 21 Dec
        // → its newest is Sun 27 Dec; November's newest is 30 Nov.
        let expected = [
            at(2026, 12, 31, 18),
            at(2026, 12, 31, 9),
            at(2026, 12, 30, 18),
            at(2026, 12, 29, 18),
            at(2026, 12, 27, 18),
            at(2026, 11, 30, 18),
        ];
        let mut sorted = kept.clone();
        sorted.sort_by(|a, b| b.cmp(a));
        assert_eq!(sorted, expected);
    }

    #[test]
    fn special_backups_are_kept_by_count_apart_from_the_periodic_ones() {
        let mut backups = vec![(at(2026, 1, 1, 9), Reason::Daily)];
        for d in 1..=8 {
            backups.push((at(2026, 2, d, 9), Reason::BeforeUpgrade));
            backups.push((at(2026, 3, d, 9), Reason::BeforeRestore));
        }
        let none = Retention {
            daily: 0,
            weekly: 0,
            monthly: 0,
        };
        let keep = to_keep(&backups, none);
        assert!(keep[0], "the newest day's backups are always kept");
        for reason in [Reason::BeforeUpgrade, Reason::BeforeRestore] {
            let kept: Vec<u32> = backups
                .iter()
                .zip(&keep)
                .filter(|((_, r), k)| *r == reason && **k)
                .map(|((t, _), _)| t.day())
                .collect();
            assert_eq!(kept, [4, 5, 6, 7, 8], "{reason:?}");
        }
    }
}
