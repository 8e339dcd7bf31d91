//! Opening the file to import as a stream of records, whatever its format
//! (delimited text decoded as it is read, or phone contacts read whole),
//! counting the bytes read into [`Progress`].

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use super::{FileFormat, ImportError, ImportPlan, Progress};
use crate::import::reader::{ReadError, Record, open_reader};
use crate::import::vcard;

/// A reader that counts the bytes passing through into [`Progress`].
struct Counting<'p, R> {
    inner: R,
    bytes: &'p AtomicU64,
}

impl<R: Read> Read for Counting<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.bytes.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// The records of a file, whatever its format.
pub(super) struct Source<'p> {
    pub(super) headers: Vec<String>,
    /// Read on a thread of its own while the engine works (see [`Engine::run`]).
    pub(super) records: Box<dyn Iterator<Item = Result<Record, ReadError>> + Send + 'p>,
    pub(super) decode_errors: Box<dyn Fn() -> bool + 'p>,
}

pub(super) fn open_file(path: &Path) -> Result<File, ImportError> {
    File::open(path).map_err(|source| ImportError::Open {
        path: path.to_path_buf(),
        source,
    })
}

pub(super) fn open_source<'p>(
    plan: &ImportPlan,
    progress: &'p Progress,
) -> Result<Source<'p>, ImportError> {
    let file = open_file(&plan.path)?;
    let total = file.metadata().map(|m| m.len()).unwrap_or(0);
    progress.total_bytes.store(total, Ordering::Relaxed);
    progress.bytes.store(0, Ordering::Relaxed);
    match plan.format {
        FileFormat::Delimited {
            encoding,
            delimiter,
        } => {
            let counting = Counting {
                inner: BufReader::with_capacity(256 * 1024, file),
                bytes: &progress.bytes,
            };
            let table = open_reader(counting, encoding, delimiter)?;
            let decode_flag = Arc::new(AtomicBool::new(false));
            let flag = Arc::clone(&decode_flag);
            let mut records = table.records;
            let iter = std::iter::from_fn(move || {
                let next = records.next();
                if next.is_none() && records.get_ref().had_errors() {
                    flag.store(true, Ordering::Relaxed);
                }
                next
            });
            Ok(Source {
                headers: table.headers,
                records: Box::new(iter),
                decode_errors: Box::new(move || decode_flag.load(Ordering::Relaxed)),
            })
        }
        FileFormat::Vcard { encoding } => {
            let mut bytes = Vec::new();
            BufReader::new(file)
                .read_to_end(&mut bytes)
                .map_err(ReadError::Io)?;
            progress.bytes.store(bytes.len() as u64, Ordering::Relaxed);
            let table = vcard::read_vcards(&bytes, Some(encoding))?;
            let had_errors = table.had_decode_errors;
            Ok(Source {
                headers: table.headers,
                records: Box::new(table.records.into_iter().map(Ok)),
                decode_errors: Box::new(move || had_errors),
            })
        }
    }
}
