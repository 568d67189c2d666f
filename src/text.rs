//! Reading input: bytes to checked UTF-8 text.
//!
//! A corpus builder feeds us whatever a crawler produced, so every way a file can fail to be text
//! becomes a typed [`Error`] naming the file and the byte offset, never a panic. A UTF-8 byte
//! order mark is dropped but remembered, so that byte spans still point into the file as stored.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// A text read from a file or standard input, checked to be UTF-8 and not binary.
#[derive(Debug, Clone)]
pub struct Document {
    /// A name for messages and output: the path as given, or `-` for standard input.
    pub name: String,
    /// The text without its byte order mark.
    pub text: String,
    /// Length of the stripped byte order mark (0 or 3): add it to a span to get a file offset.
    pub bom: usize,
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

impl Document {
    /// Reads `path` (`-` means standard input) and checks it is text.
    pub fn read(path: &Path) -> Result<Document> {
        let bytes = if path.as_os_str() == "-" {
            let mut buf = Vec::new();
            std::io::stdin()
                .lock()
                .read_to_end(&mut buf)
                .map_err(|source| Error::Read {
                    path: path.to_path_buf(),
                    cause: source,
                })?;
            buf
        } else {
            std::fs::read(path).map_err(|source| match source.kind() {
                std::io::ErrorKind::NotFound => Error::NotFound {
                    path: path.to_path_buf(),
                },
                _ => Error::Read {
                    path: path.to_path_buf(),
                    cause: source,
                },
            })?
        };
        Document::from_bytes(path.display().to_string(), bytes)
    }

    /// Checks `bytes` and wraps them; `name` is used in errors.
    pub fn from_bytes(name: String, mut bytes: Vec<u8>) -> Result<Document> {
        let path = || PathBuf::from(&name);
        if let Some(offset) = memchr::memchr(0, &bytes) {
            return Err(Error::Binary {
                path: path(),
                what: "a NUL byte",
                offset,
            });
        }
        let bom = if bytes.starts_with(BOM) { BOM.len() } else { 0 };
        if let Err(e) = std::str::from_utf8(&bytes[bom..]) {
            let offset = bom + e.valid_up_to();
            return Err(Error::NotUtf8 {
                path: path(),
                offset,
                byte: bytes[offset],
            });
        }
        if let Some(offset) = binary_controls(&bytes[bom..]) {
            return Err(Error::Binary {
                path: path(),
                what: "control characters",
                offset: bom + offset,
            });
        }
        bytes.drain(..bom);
        let text = String::from_utf8(bytes).expect("validated above");
        Ok(Document { name, text, bom })
    }

    /// Wraps a string that is already in memory (no checks needed: a `&str` is UTF-8).
    pub fn from_string(name: impl Into<String>, text: impl Into<String>) -> Document {
        let mut text = text.into();
        let bom = if text.starts_with('\u{feff}') {
            text.drain(..3);
            3
        } else {
            0
        };
        Document {
            name: name.into(),
            text,
            bom,
        }
    }

    /// True when the text holds nothing but white space.
    pub fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }
}

/// Text files hold tabs, line ends and form feeds, but almost no other C0 control characters;
/// a file where more than one byte in a hundred is one is some binary format that happens to
/// decode as UTF-8. Returns the offset of the first such byte when the share is too high.
fn binary_controls(bytes: &[u8]) -> Option<usize> {
    let is_odd = |b: &u8| *b < 0x20 && !matches!(*b, b'\t' | b'\n' | b'\r' | 0x0c) || *b == 0x7f;
    let count = bytes.iter().filter(|b| is_odd(b)).count();
    if count > 0 && count * 100 > bytes.len() {
        bytes.iter().position(is_odd)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(bytes: &[u8]) -> Result<Document> {
        Document::from_bytes("f.txt".into(), bytes.to_vec())
    }

    #[test]
    fn bom_is_stripped_and_remembered() {
        let d = check(b"\xEF\xBB\xBFHello.").unwrap();
        assert_eq!(d.text, "Hello.");
        assert_eq!(d.bom, 3);
    }

    #[test]
    fn invalid_utf8_names_file_and_offset() {
        let e = check(b"Gr\xfc\xdfe aus K\xf6ln").unwrap_err();
        let msg = e.to_string();
        assert!(msg.contains("f.txt"), "{msg}");
        assert!(msg.contains("offset 2"), "{msg}");
        assert!(msg.contains("0xfc"), "{msg}");
    }

    #[test]
    fn nul_byte_is_binary() {
        let e = check(b"abc\0def").unwrap_err();
        assert!(matches!(e, Error::Binary { offset: 3, .. }), "{e}");
    }

    #[test]
    fn many_control_characters_are_binary() {
        let e = check(b"\x01\x02\x03\x04 text text").unwrap_err();
        assert!(matches!(e, Error::Binary { offset: 0, .. }), "{e}");
        // One stray control character in a long text is tolerated.
        let mut long = vec![b'a'; 500];
        long[10] = 0x1b;
        assert!(check(&long).is_ok());
    }

    #[test]
    fn crlf_and_blank_are_fine() {
        let d = check(b"A.\r\nB.\r\n").unwrap();
        assert_eq!(d.text, "A.\r\nB.\r\n");
        assert!(check(b" \n\t").unwrap().is_blank());
    }
}
