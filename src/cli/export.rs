//! `genjin export`: customers, sales, payments, contacts or returns as a CSV file
//! Excel opens correctly (UTF-8 with BOM, or GBK for older software).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{anyhow, bail};

use crate::import::export::ExportEncoding;
use crate::import::export_book::{ExportKind, export_to_file};

/// What to export.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum KindArg {
    Customers,
    Sales,
    Payments,
    Contacts,
    Returns,
}

impl From<KindArg> for ExportKind {
    fn from(kind: KindArg) -> Self {
        match kind {
            KindArg::Customers => ExportKind::Customers,
            KindArg::Sales => ExportKind::Sales,
            KindArg::Payments => ExportKind::Payments,
            KindArg::Contacts => ExportKind::Contacts,
            KindArg::Returns => ExportKind::Returns,
        }
    }
}

/// The file's text encoding.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum EncodingArg {
    /// UTF-8 with a byte-order mark: every character survives.
    #[value(name = "utf-8", alias = "utf8")]
    Utf8,
    /// GBK, for software that reads only the Chinese Windows code page.
    Gbk,
}

impl From<EncodingArg> for ExportEncoding {
    fn from(encoding: EncodingArg) -> Self {
        match encoding {
            EncodingArg::Utf8 => ExportEncoding::Utf8Bom,
            EncodingArg::Gbk => ExportEncoding::Gbk,
        }
    }
}

/// Options of `genjin export`.
#[derive(clap::Args, Debug, Clone)]
pub struct ExportArgs {
    /// What to export.
    #[arg(value_enum)]
    pub kind: KindArg,
    /// The CSV file to write; an existing file is replaced once the export
    /// has succeeded.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Text encoding of the file.
    #[arg(long, value_enum, ignore_case = true, default_value = "utf-8")]
    pub encoding: EncodingArg,
}

/// Runs `genjin export`.
pub fn run(db: Option<PathBuf>, args: ExportArgs) -> anyhow::Result<ExitCode> {
    let path = super::db_or_default(db);
    let store = super::open_reader(&path)?;
    let file = &args.file;
    if file.is_dir() {
        bail!(
            "{} is a folder; give the path of the CSV file to write",
            file.display()
        );
    }
    if same_file(file, &path) {
        bail!(
            "{} is the database itself; give another path for the CSV file",
            file.display()
        );
    }
    let kind = ExportKind::from(args.kind);
    let encoding = ExportEncoding::from(args.encoding);
    // The error's own message already includes its cause; adding it as
    // context would print the cause twice.
    let summary = export_to_file(&store, kind, file, encoding)
        .map_err(|e| anyhow!("cannot export {} to {}: {e}", kind.code(), file.display()))?;
    eprintln!(
        "exported {} {} to {} ({})",
        summary.rows,
        noun(kind, summary.rows),
        file.display(),
        match encoding {
            ExportEncoding::Utf8Bom => "UTF-8 with BOM",
            ExportEncoding::Gbk => "GBK",
        }
    );
    if summary.skipped_rows > 0 {
        eprintln!(
            "warning: {} {} could not be read and {} left out (named above)",
            summary.skipped_rows,
            noun(kind, summary.skipped_rows),
            if summary.skipped_rows == 1 {
                "was"
            } else {
                "were"
            }
        );
    }
    if summary.replaced_chars > 0 {
        eprintln!(
            "warning: {} character{} GBK cannot represent (emoji, rare names) were written as '?'; \
             export with --encoding utf-8 to keep every character",
            summary.replaced_chars,
            if summary.replaced_chars == 1 { "" } else { "s" }
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// The rows' noun, singular for one.
fn noun(kind: ExportKind, rows: usize) -> &'static str {
    match (kind, rows == 1) {
        (ExportKind::Customers, true) => "customer",
        (ExportKind::Sales, true) => "sale",
        (ExportKind::Payments, true) => "payment",
        (ExportKind::Contacts, true) => "contact",
        (ExportKind::Returns, true) => "return",
        (kind, false) => kind.code(),
    }
}

/// Whether two paths name the same existing file.
pub(super) fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nouns_agree_with_the_count() {
        assert_eq!(noun(ExportKind::Customers, 1), "customer");
        assert_eq!(noun(ExportKind::Customers, 0), "customers");
        assert_eq!(noun(ExportKind::Sales, 2), "sales");
        assert_eq!(noun(ExportKind::Contacts, 1), "contact");
    }

    #[test]
    fn cli_kinds_cover_every_export_kind() {
        use clap::ValueEnum;
        let kinds: Vec<ExportKind> = KindArg::value_variants()
            .iter()
            .map(|k| ExportKind::from(*k))
            .collect();
        assert_eq!(kinds, ExportKind::ALL);
        for k in KindArg::value_variants() {
            let name = k.to_possible_value().unwrap();
            assert_eq!(name.get_name(), ExportKind::from(*k).code());
        }
    }
}
