//! Pages as numbered evidence: each page's (key, concept) entries as varint deltas, the kind
//! and, once weighed, the weight of each of its concepts, and all pages of a side in shared
//! arenas. What a page holds is decided in `evidence.rs`, what it weighs in `weights.rs`; this
//! is how it is stored, so that a hundred thousand pages a side fit in a few hundred megabytes.

use rayon::prelude::*;

use super::evidence::{Interner, RawEvidence};
use super::url::{url_keys, UrlKeys};

/// Appends `v` as a LEB128 varint.
pub(super) fn put(buf: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        buf.push(v as u8 | 0x80);
        v >>= 7;
    }
    buf.push(v as u8);
}

/// A page's (key, concept) entries, decoded from their varint stream, keys ascending.
#[derive(Clone)]
pub(super) struct Entries<'a> {
    pub(super) buf: &'a [u8],
    pub(super) at: usize,
    pub(super) key: u32,
}

impl Entries<'_> {
    fn get(&mut self) -> u32 {
        let mut v = 0u32;
        let mut shift = 0;
        loop {
            let b = self.buf[self.at];
            self.at += 1;
            v |= u32::from(b & 0x7f) << shift;
            if b < 0x80 {
                return v;
            }
            shift += 7;
        }
    }
}

impl Iterator for Entries<'_> {
    type Item = (u32, u16);

    #[inline]
    fn next(&mut self) -> Option<(u32, u16)> {
        if self.at >= self.buf.len() {
            return None;
        }
        self.key += self.get();
        let c = self.get() as u16;
        Some((self.key, c))
    }
}

/// One page's evidence, numbered, as a reader makes it: its (key, concept) entries sorted by
/// key (a key held by two concepts appears twice) as varint deltas, about three bytes an entry
/// rather than six, and the kind of each concept. It joins its side's [`Pages`] at once.
#[derive(Debug, Clone)]
pub struct Evidence {
    entries: Vec<u8>,
    kind: Vec<u8>,
    chars: u32,
    url: Option<UrlKeys>,
}

impl Evidence {
    /// Numbers a page's keys. A page with more concepts than a `u16` counts (a book, not a
    /// web page) keeps the first 65,535.
    pub fn new(raw: RawEvidence, url: Option<&str>, interner: &Interner) -> Evidence {
        let n = raw.concepts.len().min(usize::from(u16::MAX));
        let mut flat = Vec::new();
        let mut owner = Vec::new();
        for (c, concept) in raw.concepts.iter().take(n).enumerate() {
            flat.extend_from_slice(&concept.keys);
            owner.extend(std::iter::repeat_n(c as u16, concept.keys.len()));
        }
        let mut ids = Vec::with_capacity(flat.len());
        interner.intern(&flat, &mut ids);
        let mut pairs: Vec<(u32, u16)> = ids.into_iter().zip(owner).collect();
        pairs.sort_unstable();
        pairs.dedup();
        let mut entries = Vec::with_capacity(pairs.len() * 3);
        let mut last = 0;
        for (k, c) in pairs {
            put(&mut entries, k - last);
            put(&mut entries, u32::from(c));
            last = k;
        }
        Evidence {
            entries,
            kind: raw.concepts.iter().take(n).map(|c| c.kind as u8).collect(),
            chars: raw.chars,
            url: url.and_then(url_keys),
        }
    }
}

/// Where one page's evidence is in its side's arenas.
#[derive(Debug, Clone, Copy)]
pub(super) struct Meta {
    at: usize,
    len: u32,
    pub(super) concepts_at: usize,
    pub(super) concepts: u16,
    /// The sum of the page's weights, once weighed.
    pub(super) total: u64,
    chars: u32,
    url: Option<UrlKeys>,
}

/// The evidence of all pages of one side, in two arenas (entries; kinds, then weights), so that
/// a page costs no allocation of its own: a hundred thousand pages' buffers of a few kilobytes,
/// allocated while millions of short-lived strings come and go, made glibc's allocator spend
/// half the run sorting its free lists.
#[derive(Debug, Clone, Default)]
pub struct Pages {
    bytes: Vec<u8>,
    /// Each page's concepts' kinds, until they are weighed (see `weights.rs`).
    pub(super) kinds: Vec<u8>,
    /// Each page's concepts' weights, in the same places as their kinds were.
    pub(super) weights: Vec<u16>,
    pub(super) meta: Vec<Meta>,
}

/// A view of one page's evidence.
#[derive(Clone, Copy)]
pub struct PageRef<'a> {
    entries: &'a [u8],
    pub(super) kind: &'a [u8],
    pub(super) weight: &'a [u16],
    pub(super) total: u64,
    pub(super) chars: u32,
    pub(super) url: Option<UrlKeys>,
}

impl Pages {
    /// Adds a page; returns its number.
    pub fn push(&mut self, ev: Evidence) -> usize {
        self.meta.push(Meta {
            at: self.bytes.len(),
            len: ev.entries.len() as u32,
            concepts_at: self.kinds.len(),
            concepts: ev.kind.len() as u16,
            total: 0,
            chars: ev.chars,
            url: ev.url,
        });
        self.bytes.extend_from_slice(&ev.entries);
        self.kinds.extend_from_slice(&ev.kind);
        self.meta.len() - 1
    }

    /// Puts the pages in a new order: page `k` becomes the one that was page `order[k]`. Pages
    /// left out of `order` are dropped (their bytes stay until the arenas go).
    pub fn reorder(&mut self, order: &[usize]) {
        self.meta = order.iter().map(|&k| self.meta[k]).collect();
    }

    /// How many pages there are.
    pub fn len(&self) -> usize {
        self.meta.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.meta.is_empty()
    }

    /// Page `k`.
    pub fn page(&self, k: usize) -> PageRef<'_> {
        let m = &self.meta[k];
        let c = m.concepts_at..m.concepts_at + usize::from(m.concepts);
        PageRef {
            entries: &self.bytes[m.at..m.at + m.len as usize],
            kind: self.kinds.get(c.clone()).unwrap_or(&[]),
            weight: self.weights.get(c).unwrap_or(&[]),
            total: m.total,
            chars: m.chars,
            url: m.url,
        }
    }

    pub(super) fn iter(&self) -> impl Iterator<Item = PageRef<'_>> + '_ {
        (0..self.len()).map(|k| self.page(k))
    }
}

impl<'a> PageRef<'a> {
    pub(super) fn entries(&self) -> Entries<'a> {
        Entries {
            buf: self.entries,
            at: 0,
            key: 0,
        }
    }

    /// How many concepts the page has.
    pub fn concepts(&self) -> usize {
        self.kind.len().max(self.weight.len())
    }

    /// The page's length in characters.
    pub fn chars(&self) -> u32 {
        self.chars
    }

    /// Whether the page has a web address.
    pub fn has_url(&self) -> bool {
        self.url.is_some()
    }

    /// The distinct keys, in order.
    fn distinct_keys(&self) -> impl Iterator<Item = u32> + 'a {
        let mut last = None;
        self.entries().filter_map(move |(k, _)| {
            let new = last != Some(k);
            last = Some(k);
            new.then_some(k)
        })
    }
}

/// How many pages of a side hold each key (`keys` is the interner's count).
pub fn document_frequencies(pages: &Pages, keys: usize) -> Vec<u32> {
    let df: Vec<std::sync::atomic::AtomicU32> = (0..keys)
        .map(|_| std::sync::atomic::AtomicU32::new(0))
        .collect();
    (0..pages.len()).into_par_iter().for_each(|p| {
        for k in pages.page(p).distinct_keys() {
            df[k as usize].fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
    });
    df.into_iter().map(|a| a.into_inner()).collect()
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::docalign::evidence::Extractor;
    use crate::lang::Lang;

    #[test]
    fn entries_survive_their_varint_encoding() {
        let mut buf = Vec::new();
        let pairs = [
            (0u32, 3u16),
            (0, 9),
            (127, 1),
            (128, 0),
            (70_000, 65_535),
            (u32::MAX, 2),
        ];
        let mut last = 0;
        for (k, c) in pairs {
            put(&mut buf, k - last);
            put(&mut buf, u32::from(c));
            last = k;
        }
        let got: Vec<(u32, u16)> = Entries {
            buf: &buf,
            at: 0,
            key: 0,
        }
        .collect();
        assert_eq!(got, pairs);
    }

    /// One side of a few pages, unweighed, for the tests here and in `index.rs`.
    pub(in crate::docalign) fn pages(
        texts: &[&str],
        lang: Lang,
        x: &Extractor,
        i: &Interner,
    ) -> Pages {
        let mut p = Pages::default();
        for t in texts {
            p.push(Evidence::new(x.page(t, lang), None, i));
        }
        p
    }

    #[test]
    fn reordered_pages_keep_their_evidence() {
        let (x, i) = (Extractor::new(), Interner::new());
        let mut p = pages(
            &["One page about Leipzig.", "Another about Paris in 1999."],
            Lang::En,
            &x,
            &i,
        );
        let before: Vec<Vec<(u32, u16)>> = (0..2).map(|k| p.page(k).entries().collect()).collect();
        p.reorder(&[1, 0]);
        assert_eq!(p.page(0).entries().collect::<Vec<_>>(), before[1]);
        assert_eq!(p.page(1).entries().collect::<Vec<_>>(), before[0]);
        p.reorder(&[1]);
        assert_eq!(p.len(), 1);
        assert_eq!(p.page(0).entries().collect::<Vec<_>>(), before[0]);
    }
}
