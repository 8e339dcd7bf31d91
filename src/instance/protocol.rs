//! What a second launch and the running window say to each other: one JSON
//! line each way — a [`Request`] from the newcomer, an [`Answer`] back.
//! Lines are read with a size limit, so a stranger on the socket cannot make
//! the window read without end.

use std::io::{self, BufRead};
use std::path::PathBuf;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// The longest line either side reads, newline included.
pub const MAX_LINE: usize = 64 * 1024;

/// What a second launch asks of the running window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "ask", rename_all = "snake_case")]
pub enum Request {
    /// Come to the front and, when given, open this book (an absolute
    /// path), the demo shop, or start importing this file.
    Show {
        #[serde(default)]
        book: Option<PathBuf>,
        #[serde(default)]
        demo: bool,
        #[serde(default)]
        import: Option<PathBuf>,
    },
    /// Close the window the normal way (the installer before an upgrade).
    Close,
    /// Only "are you there?": answered, nothing is done.
    Ping,
}

impl Request {
    /// "Come to the front", with nothing to open.
    pub fn show() -> Request {
        Request::Show {
            book: None,
            demo: false,
            import: None,
        }
    }
}

/// The running window's reply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "answer", rename_all = "snake_case")]
pub enum Answer {
    /// The request was handed to the window.
    Taken,
    /// The request could not be handed over (unreadable, or the window is
    /// going away).
    Refused { why: String },
}

/// `message` as one JSON line, newline included.
pub fn encode<T: Serialize>(message: &T) -> io::Result<Vec<u8>> {
    let mut line = serde_json::to_vec(message).map_err(io::Error::from)?;
    line.push(b'\n');
    Ok(line)
}

/// Reads one line of at most [`MAX_LINE`] bytes and decodes it.
pub fn read_message<T: DeserializeOwned>(reader: impl BufRead) -> io::Result<T> {
    let mut line = Vec::new();
    reader.take(MAX_LINE as u64).read_until(b'\n', &mut line)?;
    match line.last() {
        None => Err(io::Error::new(
            io::ErrorKind::UnexpectedEof,
            "the other side said nothing",
        )),
        Some(b'\n') => serde_json::from_slice(&line).map_err(io::Error::from),
        Some(_) if line.len() >= MAX_LINE => Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "the message is longer than a request can be",
        )),
        Some(_) => Err(io::Error::new(
            io::ErrorKind::UnexpectedEof,
            "the message ended before its newline",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(request: &Request) -> Request {
        let line = encode(request).unwrap();
        assert_eq!(line.iter().filter(|b| **b == b'\n').count(), 1);
        assert_eq!(line.last(), Some(&b'\n'));
        read_message(&line[..]).unwrap()
    }

    #[test]
    fn every_request_survives_the_line() {
        let requests = [
            Request::show(),
            Request::Show {
                book: Some(PathBuf::from("/shop/店里的\nbook.sqlite")),
                demo: false,
                import: Some(PathBuf::from("/shop/list.csv")),
            },
            Request::Show {
                book: None,
                demo: true,
                import: None,
            },
            Request::Close,
            Request::Ping,
        ];
        for request in requests {
            assert_eq!(round_trip(&request), request);
        }
    }

    #[test]
    fn the_wire_format_is_stable_json() {
        let line = encode(&Request::Show {
            book: Some(PathBuf::from("/a/b.sqlite")),
            demo: false,
            import: None,
        })
        .unwrap();
        let value: serde_json::Value = serde_json::from_slice(&line).unwrap();
        assert_eq!(value["ask"], "show");
        assert_eq!(value["book"], "/a/b.sqlite");
        assert_eq!(encode(&Request::Close).unwrap(), b"{\"ask\":\"close\"}\n");
        assert_eq!(encode(&Answer::Taken).unwrap(), b"{\"answer\":\"taken\"}\n");
        let missing: Request = read_message(&b"{\"ask\":\"show\"}\n"[..]).unwrap();
        assert_eq!(missing, Request::show());
    }

    #[test]
    fn answers_round_trip() {
        for answer in [
            Answer::Taken,
            Answer::Refused {
                why: "closing".to_owned(),
            },
        ] {
            let line = encode(&answer).unwrap();
            assert_eq!(read_message::<Answer>(&line[..]).unwrap(), answer);
        }
    }

    #[test]
    fn bad_lines_are_errors_not_requests() {
        let kind = |bytes: &[u8]| read_message::<Request>(bytes).unwrap_err().kind();
        assert_eq!(kind(b""), io::ErrorKind::UnexpectedEof);
        assert_eq!(kind(b"{\"ask\":\"close\"}"), io::ErrorKind::UnexpectedEof);
        assert_eq!(kind(b"{\"ask\":\"explode\"}\n"), io::ErrorKind::InvalidData);
        assert_eq!(kind(b"not json\n"), io::ErrorKind::InvalidData);
        let long = vec![b' '; MAX_LINE + 10];
        assert_eq!(kind(&long), io::ErrorKind::InvalidData);
    }

    #[test]
    fn only_the_first_line_is_read() {
        let two = b"{\"ask\":\"ping\"}\n{\"ask\":\"close\"}\n";
        assert_eq!(read_message::<Request>(&two[..]).unwrap(), Request::Ping);
    }
}
