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

/// The largest input read unless told otherwise (`--max-file-size`): far above any article or
/// book (the 1,000,000-sentence test book is 120 MB), far below what would take a machine down.
/// A symlink to `/dev/zero` in a corpus folder was once read until memory ran out.
pub const MAX_FILE_SIZE: u64 = 1 << 30;

/// Input is read in pieces of this size, so a NUL byte (binary data, or `/dev/zero`) ends the
/// reading at once instead of after the whole file.
const CHUNK: u64 = 1 << 20;

/// How an input file may be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadLimits {
    /// Refuse a file larger than this many bytes, before reading it when its size is known.
    pub max_bytes: u64,
    /// Refuse anything that is not a regular file (after following links): named pipes,
    /// devices, sockets, directories. A batch sets this, since a named pipe in a corpus folder
    /// would wait forever for a writer; a file named on the command line may be a pipe
    /// (`ende align <(zcat a.gz) <(zcat b.gz)`).
    pub regular_only: bool,
}

impl Default for ReadLimits {
    fn default() -> ReadLimits {
        ReadLimits {
            max_bytes: MAX_FILE_SIZE,
            regular_only: false,
        }
    }
}

/// What kind of file `meta` describes, for a message that says why it was not read.
fn kind(meta: &std::fs::Metadata) -> &'static str {
    let t = meta.file_type();
    if t.is_dir() {
        return "a directory";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if t.is_char_device() {
            return "a character device";
        }
        if t.is_block_device() {
            return "a block device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    "a special file"
}

/// Reads `r` to its end in pieces, stopping early after a piece with a NUL byte (the caller
/// refuses it as binary) and with an error once more than `max` bytes came.
fn read_bounded(path: &Path, r: &mut dyn Read, max: u64, expected: u64) -> Result<Vec<u8>> {
    let mut buf = Vec::with_capacity(expected.min(max).saturating_add(1) as usize);
    loop {
        let before = buf.len();
        let n = (&mut *r)
            .take(CHUNK)
            .read_to_end(&mut buf)
            .map_err(Error::reading(path))?;
        if buf.len() as u64 > max {
            return Err(Error::TooLarge {
                path: path.to_path_buf(),
                size: None,
                limit: max,
            });
        }
        if n == 0 || memchr::memchr(0, &buf[before..]).is_some() {
            return Ok(buf);
        }
    }
}

impl Document {
    /// Reads `path` (`-` means standard input) and checks it is text, with the default limits.
    pub fn read(path: &Path) -> Result<Document> {
        Document::read_with(path, ReadLimits::default())
    }

    /// Reads `path` (`-` means standard input) within `limits` and checks it is text.
    pub fn read_with(path: &Path, limits: ReadLimits) -> Result<Document> {
        let bytes = if path.as_os_str() == "-" {
            read_bounded(path, &mut std::io::stdin().lock(), limits.max_bytes, 0)?
        } else {
            // The file's kind and size are looked at before it is opened: opening a named pipe
            // waits for a writer.
            let meta = std::fs::metadata(path).map_err(Error::reading(path))?;
            if limits.regular_only && !meta.is_file() {
                return Err(Error::NotRegular {
                    path: path.to_path_buf(),
                    kind: kind(&meta),
                });
            }
            if meta.is_file() && meta.len() > limits.max_bytes {
                return Err(Error::TooLarge {
                    path: path.to_path_buf(),
                    size: Some(meta.len()),
                    limit: limits.max_bytes,
                });
            }
            let mut file = std::fs::File::open(path).map_err(Error::reading(path))?;
            read_bounded(path, &mut file, limits.max_bytes, meta.len())?
        };
        Document::from_bytes(path.display().to_string(), bytes)
    }

    /// Checks `bytes` and wraps them; `name` is used in errors.
    pub fn from_bytes(name: String, mut bytes: Vec<u8>) -> Result<Document> {
        let path = || PathBuf::from(&name);
        if let Some(encoding) = utf16_or_32(&bytes) {
            return Err(Error::WideEncoding {
                path: path(),
                encoding,
            });
        }
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

/// Refuses a text that cannot be aligned however it is split, naming `name`: a blank one
/// ([`Error::Empty`]: aligning it would report every sentence of the other side as unpaired,
/// which reads as a finished job rather than a missing translation) and one without a letter
/// ([`Error::NoWords`]). The same rule for a pair's side and a crawl's page.
pub(crate) fn refuse_wordless(name: &str, text: &str) -> Result<()> {
    if text.trim().is_empty() {
        return Err(Error::Empty {
            path: PathBuf::from(name),
        });
    }
    if !text.chars().any(char::is_alphabetic) {
        return Err(Error::NoWords {
            path: PathBuf::from(name),
        });
    }
    Ok(())
}

/// Recognises UTF-16 and UTF-32 text, which Windows tools write and which would otherwise be
/// refused as binary for its NUL bytes: by the byte order mark, or without one by NUL bytes in
/// every other position of the first characters of ASCII text (`H\0e\0l\0`).
fn utf16_or_32(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\xFF\xFE\0\0") || bytes.starts_with(b"\0\0\xFE\xFF") {
        return Some("UTF-32");
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Some("UTF-16");
    }
    let head = &bytes[..bytes.len().min(64) & !1];
    let ascii = |b: &u8| b.is_ascii_graphic() || b.is_ascii_whitespace();
    let odd_zero = |first: usize| {
        head.len() >= 8
            && head
                .chunks(2)
                .all(|c| c[1 - first] == 0 && ascii(&c[first]))
    };
    (odd_zero(0) || odd_zero(1)).then_some("UTF-16")
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
    fn utf16_and_utf32_are_named() {
        for (bytes, enc) in [
            (b"\xFF\xFEH\0i\0".as_slice(), "UTF-16"),
            (b"\xFE\xFF\0H\0i", "UTF-16"),
            (b"H\0e\0l\0l\0o\0 \0w\0o\0", "UTF-16"),
            (b"\xFF\xFE\0\0H\0\0\0", "UTF-32"),
        ] {
            let e = check(bytes).unwrap_err();
            assert!(
                matches!(e, Error::WideEncoding { encoding, .. } if encoding == enc),
                "{e}"
            );
            assert!(e.to_string().contains("iconv -f"), "{e}");
        }
        // A NUL byte in ordinary text is still binary.
        assert!(matches!(
            check(b"Hello world, this is text\0").unwrap_err(),
            Error::Binary { .. }
        ));
    }

    #[test]
    fn reading_stops_at_a_nul_byte_and_at_the_limit() {
        let mut endless = std::io::repeat(0);
        let bytes = read_bounded(Path::new("zero"), &mut endless, 10 * CHUNK, 0).unwrap();
        assert_eq!(bytes.len() as u64, CHUNK, "one piece, not the whole limit");
        let mut text = std::io::repeat(b'a');
        let e = read_bounded(Path::new("aaa"), &mut text, 3 * CHUNK + 5, 0).unwrap_err();
        assert!(matches!(e, Error::TooLarge { size: None, .. }), "{e}");
        assert!(e.to_string().starts_with("aaa: more than 3.0 MiB"), "{e}");
    }

    #[test]
    fn crlf_and_blank_are_fine() {
        let d = check(b"A.\r\nB.\r\n").unwrap();
        assert_eq!(d.text, "A.\r\nB.\r\n");
        assert!(check(b" \n\t").unwrap().is_blank());
    }
}
