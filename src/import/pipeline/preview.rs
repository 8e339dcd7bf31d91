//! The preview of a file before it is imported: its format (detected or
//! chosen), headers and first rows, read from the first 256 KB (a `.vcf` in
//! full).

use std::io::Read;
use std::path::{Path, PathBuf};

use super::source::open_file;
use super::{FileFormat, ImportError};
use crate::import::decode::Encoding;
use crate::import::reader::{PREVIEW_ROWS, ReadError, Record};
use crate::import::vcard;

/// How much of a delimited file the preview reads.
const PREVIEW_BYTES: u64 = 256 * 1024;

/// The beginning of a file as the import shows it before anything is read
/// in full: detected (or chosen) format, headers and the first rows.
#[derive(Debug, Clone, PartialEq)]
pub struct FilePreview {
    pub path: PathBuf,
    pub format: FileFormat,
    /// The file starts with a byte order mark.
    pub had_bom: bool,
    pub headers: Vec<String>,
    pub header_line: u64,
    pub records: Vec<Record>,
    /// The file has more rows than shown.
    pub more: bool,
    pub had_decode_errors: bool,
}

impl FilePreview {
    pub fn is_vcard(&self) -> bool {
        matches!(self.format, FileFormat::Vcard { .. })
    }
}

/// Opens a file for the preview. A .vcf file (or one starting with
/// `BEGIN:VCARD`) is read as phone contacts; anything else as delimited
/// text. `encoding` and `delimiter` override detection.
pub fn preview_file(
    path: &Path,
    encoding: Option<Encoding>,
    delimiter: Option<u8>,
) -> Result<FilePreview, ImportError> {
    let mut head = Vec::new();
    open_file(path)?
        .take(PREVIEW_BYTES)
        .read_to_end(&mut head)
        .map_err(ReadError::Io)?;
    if vcard::looks_like_vcard(path, &head) {
        let mut bytes = Vec::new();
        open_file(path)?
            .read_to_end(&mut bytes)
            .map_err(ReadError::Io)?;
        let table = vcard::read_vcards(&bytes, encoding)?;
        let more = table.records.len() > PREVIEW_ROWS;
        return Ok(FilePreview {
            path: path.to_path_buf(),
            format: FileFormat::Vcard {
                encoding: table.encoding,
            },
            had_bom: false,
            headers: table.headers,
            header_line: 0,
            records: table.records.into_iter().take(PREVIEW_ROWS).collect(),
            more,
            had_decode_errors: table.had_decode_errors,
        });
    }
    let preview = crate::import::reader::preview(&head, encoding, delimiter, PREVIEW_ROWS)?;
    Ok(FilePreview {
        path: path.to_path_buf(),
        format: FileFormat::Delimited {
            encoding: preview.format.encoding,
            delimiter: preview.format.delimiter,
        },
        had_bom: preview.format.had_bom,
        headers: preview.headers,
        header_line: preview.header_line,
        records: preview.records,
        more: preview.more,
        had_decode_errors: preview.had_decode_errors,
    })
}
