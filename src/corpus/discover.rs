//! Which pairs a corpus holds: a folder of `NAME.en.txt` + `NAME.de.txt`, a folder of `en/`
//! and `de/`, or a manifest (`doc,en,de`), always in an order that does not depend on the file
//! system.

use std::path::{Path, PathBuf};

use super::doc_name;
use crate::error::{Error, Result};
use crate::text::Document;

/// One pair of a corpus: its name and the two files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PairSource {
    /// The document name (the `doc` column).
    pub name: String,
    /// The English (source) file.
    pub en: PathBuf,
    /// The German (target) file. For a file with no partner this is the path the partner was
    /// expected at, so reading it reports "no such file" with the name the user should create.
    pub de: PathBuf,
}

/// The names in `dir` that are not folders, sorted. Named pipes, devices and links to them are
/// kept: reading them as a pair reports what they are, rather than leaving them out unsaid.
fn names_sorted(dir: &Path) -> Result<Vec<String>> {
    let read = |e: std::io::Error| Error::Read {
        path: dir.to_path_buf(),
        cause: e,
    };
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(read)? {
        let entry = entry.map_err(read)?;
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        out.push(entry.file_name().to_string_lossy().into_owned());
    }
    out.sort();
    Ok(out)
}

/// Finds the pairs of a corpus. `input` is a folder holding `NAME.en.txt` and `NAME.de.txt`
/// (or `NAME.en`/`NAME.de`), a folder holding `en/NAME.txt` and `de/NAME.txt`, or a manifest
/// CSV with columns `doc,en,de` (paths relative to the manifest; other columns, such as the
/// `score` of `ende pair`, are ignored), `-` for such a manifest on standard input. Pairs come
/// sorted by name (manifest: in its order), so output order never depends on the file system.
/// Finding no pair at all is [`Error::NoPairs`].
pub fn discover(input: &Path) -> Result<Vec<PairSource>> {
    let pairs = find(input)?;
    if pairs.is_empty() {
        return Err(Error::NoPairs {
            path: input.to_path_buf(),
        });
    }
    Ok(pairs)
}

fn find(input: &Path) -> Result<Vec<PairSource>> {
    // `-`: a manifest on standard input (`ende pair en/ de/ | ende batch -`), its paths
    // relative to the current folder.
    if input.as_os_str() == "-" {
        return manifest(input);
    }
    let meta = std::fs::metadata(input).map_err(Error::reading(input))?;
    if meta.is_file() {
        return manifest(input);
    }
    let (en_dir, de_dir) = (input.join("en"), input.join("de"));
    if en_dir.is_dir() && de_dir.is_dir() {
        let mut names: Vec<String> = Vec::new();
        for dir in [&en_dir, &de_dir] {
            names.extend(names_sorted(dir)?);
        }
        names.sort();
        names.dedup();
        return Ok(names
            .into_iter()
            .map(|f| PairSource {
                name: doc_name(Path::new(&f)),
                en: en_dir.join(&f),
                de: de_dir.join(&f),
            })
            .collect());
    }
    // Only names are kept while the folder is read (a corpus folder may hold millions of files);
    // paths are made for the pairs at the end.
    let mut stems: std::collections::BTreeMap<String, (Option<String>, Option<String>, &str)> =
        Default::default();
    let read = |e: std::io::Error| Error::Read {
        path: input.to_path_buf(),
        cause: e,
    };
    for entry in std::fs::read_dir(input).map_err(read)? {
        let entry = entry.map_err(read)?;
        let Ok(file) = entry.file_name().into_string() else {
            continue; // not UTF-8: cannot be NAME.en.txt
        };
        for (lang, is_en) in [("en", true), ("de", false)] {
            for ext in [".txt", ""] {
                let Some(stem) = file
                    .strip_suffix(ext)
                    .and_then(|f| f.strip_suffix(lang))
                    .and_then(|f| f.strip_suffix('.'))
                    .filter(|s| !s.is_empty())
                else {
                    continue;
                };
                let e = stems.entry(stem.to_string()).or_insert((None, None, ext));
                if is_en {
                    e.0 = Some(file.clone());
                } else {
                    e.1 = Some(file.clone());
                }
            }
        }
    }
    Ok(stems
        .into_iter()
        .map(|(stem, (en, de, ext))| PairSource {
            en: input.join(en.unwrap_or_else(|| format!("{stem}.en{ext}"))),
            de: input.join(de.unwrap_or_else(|| format!("{stem}.de{ext}"))),
            name: stem,
        })
        .collect())
}

fn manifest(path: &Path) -> Result<Vec<PairSource>> {
    let doc = Document::read(path)?;
    let base = path.parent().unwrap_or(Path::new("."));
    let bad = |row: Option<usize>, message: String| Error::Manifest {
        path: path.to_path_buf(),
        row,
        message,
    };
    let mut reader = csv::Reader::from_reader(doc.text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| bad(None, e.to_string()))?
        .clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
            .ok_or_else(|| {
                bad(
                    None,
                    format!("manifest needs a column {name:?} (doc,en,de)"),
                )
            })
    };
    let (d, e, g) = (col("doc")?, col("en")?, col("de")?);
    let mut out = Vec::new();
    for (k, row) in reader.records().enumerate() {
        let row = row.map_err(|e| bad(Some(k + 2), e.to_string()))?;
        let field = |i: usize| row.get(i).unwrap_or("").trim().to_string();
        let rel = |p: String| {
            let p = PathBuf::from(p);
            if p.is_absolute() {
                p
            } else {
                base.join(p)
            }
        };
        let en = rel(field(e));
        let name = match field(d) {
            n if n.is_empty() => doc_name(&en),
            n => n,
        };
        out.push(PairSource {
            name,
            en,
            de: rel(field(g)),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn touch(dir: &Path, rel: &str) {
        let p = dir.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, "x").unwrap();
    }

    #[test]
    fn discovers_suffix_pairs_sorted_with_missing_partners() {
        let d = tempfile::tempdir().unwrap();
        for f in [
            "b.en.txt", "b.de.txt", "a.en.txt", "a.de.txt", "c.en.txt", "notes.md",
        ] {
            touch(d.path(), f);
        }
        let pairs = discover(d.path()).unwrap();
        let names: Vec<&str> = pairs.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["a", "b", "c"]);
        assert_eq!(pairs[2].de, d.path().join("c.de.txt"));
        assert!(!pairs[2].de.exists());
    }

    #[test]
    fn discovers_language_folders() {
        let d = tempfile::tempdir().unwrap();
        for f in ["en/x.txt", "de/x.txt", "en/y.txt"] {
            touch(d.path(), f);
        }
        let pairs = discover(d.path()).unwrap();
        assert_eq!(pairs.len(), 2);
        assert_eq!(pairs[0].en, d.path().join("en/x.txt"));
        assert_eq!(pairs[1].de, d.path().join("de/y.txt"));
    }

    #[test]
    fn reads_a_manifest_relative_to_itself() {
        let d = tempfile::tempdir().unwrap();
        let m = d.path().join("m.csv");
        std::fs::write(&m, "doc,en,de\nfirst,a/1.txt,b/1.txt\n,c.en.txt,c.de.txt\n").unwrap();
        let pairs = discover(&m).unwrap();
        assert_eq!(pairs[0].name, "first");
        assert_eq!(pairs[0].en, d.path().join("a/1.txt"));
        assert_eq!(pairs[1].name, "c");
        let bad = d.path().join("bad.csv");
        std::fs::write(&bad, "name,left,right\nx,y,z\n").unwrap();
        assert!(discover(&bad).unwrap_err().to_string().contains("bad.csv"));
    }
}
