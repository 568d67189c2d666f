//! Web addresses as evidence: an English page and its German translation often live at
//! addresses that differ only in a language marker (`/en/` and `/de/`, `en.` and `de.`,
//! `.en.html` and `.de.html`, `?lang=en`), or share the last part of their path (a slug or an
//! article number). Both are reduced here to hashes that are equal exactly when the addresses
//! agree after the markers are taken out.

use std::hash::{Hash, Hasher};
use std::sync::LazyLock;

use rustc_hash::{FxHashSet, FxHasher};

/// The markers and the query parameters that name a language (`data/pair-url-languages.txt`).
struct Markers {
    forms: FxHashSet<&'static str>,
    params: FxHashSet<&'static str>,
}

static MARKERS: LazyLock<Markers> = LazyLock::new(|| {
    let mut m = Markers {
        forms: FxHashSet::default(),
        params: FxHashSet::default(),
    };
    for line in include_str!("../../data/pair-url-languages.txt").lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut words = line.split_whitespace();
        let set = match words.next() {
            Some("param") => &mut m.params,
            _ => &mut m.forms,
        };
        set.extend(words);
    }
    m
});

/// Slugs that name no page in particular (the last part of a site's front page or of a list):
/// shorter than this many bytes.
const MIN_SLUG: usize = 3;

/// What a page's address says, as hashes: the whole address without language markers, and its
/// last path part (without extension), when it has one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UrlKeys {
    /// Host, path and query with every language marker removed.
    pub page: u64,
    /// The last path part, without language markers and extension.
    pub slug: Option<u64>,
}

fn hash(s: &str) -> u64 {
    let mut h = FxHasher::default();
    s.hash(&mut h);
    h.finish()
}

fn is_marker(s: &str) -> bool {
    MARKERS.forms.contains(s)
}

/// The parts of a path segment that are not language markers: the segment is cut at dots,
/// then at hyphens and underscores (`flood-map.en.html` → `flood`, `map`, `html`).
fn segment_words(seg: &str, out: &mut Vec<String>) {
    out.clear();
    if is_marker(seg) {
        return;
    }
    for part in seg.split('.') {
        if part.is_empty() || is_marker(part) {
            continue;
        }
        for word in part.split(['-', '_']) {
            if !word.is_empty() && !is_marker(word) {
                out.push(word.to_string());
            }
        }
    }
}

/// The keys of an address, or `None` when it has no host (or one with white space in it).
pub fn url_keys(url: &str) -> Option<UrlKeys> {
    let url = url.trim().to_lowercase();
    let rest = match url.find("://") {
        Some(i) => &url[i + 3..],
        None => url.strip_prefix("//").unwrap_or(&url),
    };
    let rest = rest.split('#').next().unwrap_or("");
    let (host_end, _) = rest
        .char_indices()
        .find(|&(_, c)| c == '/' || c == '?')
        .unwrap_or((rest.len(), ' '));
    let (host, rest) = rest.split_at(host_end);
    let host = host.rsplit('@').next().unwrap_or(host); // user info
    let host = host.split(':').next().unwrap_or(host); // port
    let host = host.strip_prefix("www.").unwrap_or(host);
    if host.is_empty() || host.contains(char::is_whitespace) {
        return None;
    }
    let labels: Vec<&str> = host.split('.').collect();
    let mut norm = String::with_capacity(url.len());
    for (k, label) in labels.iter().enumerate() {
        // The last label is the top-level domain: `.de` names a country, not the page's language.
        if k + 1 < labels.len() && is_marker(label) {
            continue;
        }
        norm.push_str(label);
        norm.push('.');
    }
    let (path, query) = match rest.split_once('?') {
        Some((p, q)) => (p, q),
        None => (rest, ""),
    };
    let mut words = Vec::new();
    let mut slug = None;
    for seg in path.split('/') {
        segment_words(seg, &mut words);
        if words.is_empty() {
            continue;
        }
        norm.push('/');
        norm.push_str(&words.join("."));
        // The extension is not part of the slug: `flood.html` and `flood.php` name one page.
        let last = words.len() - usize::from(words.len() > 1 && seg.contains('.'));
        slug = Some(words[..last.max(1)].join("-"));
    }
    let mut params: Vec<&str> = query
        .split('&')
        .filter(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            !p.is_empty() && !MARKERS.params.contains(k) && !is_marker(v)
        })
        .collect();
    params.sort_unstable();
    if !params.is_empty() {
        norm.push('?');
        norm.push_str(&params.join("&"));
        // An article number in the query (`?id=4711`) is as good as a slug.
        if slug.is_none() {
            slug = Some(params.join("&"));
        }
    }
    Some(UrlKeys {
        page: hash(&norm),
        slug: slug.filter(|s| s.len() >= MIN_SLUG).map(|s| hash(&s)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same_page(a: &str, b: &str) -> bool {
        url_keys(a).unwrap().page == url_keys(b).unwrap().page
    }

    fn same_slug(a: &str, b: &str) -> bool {
        let (a, b) = (url_keys(a).unwrap().slug, url_keys(b).unwrap().slug);
        a.is_some() && a == b
    }

    #[test]
    fn language_markers_are_left_out() {
        assert!(same_page(
            "https://example.org/en/news/flood",
            "http://www.example.org/de/news/flood/"
        ));
        assert!(same_page(
            "https://en.example.org/news/flood",
            "https://de.example.org/news/flood"
        ));
        assert!(same_page(
            "https://example.org/news/flood.en.html",
            "https://example.org/news/flood.de.html"
        ));
        assert!(same_page(
            "https://example.org/news?id=12&lang=en",
            "https://example.org/news?lang=de&id=12"
        ));
        assert!(same_page(
            "https://example.org/english/flood",
            "https://example.org/deutsch/flood"
        ));
        assert!(same_page(
            "https://example.org/en-us/flood",
            "https://example.org/de-de/flood"
        ));
    }

    #[test]
    fn different_pages_stay_different() {
        assert!(!same_page(
            "https://example.org/en/news/flood",
            "https://example.org/de/news/fire"
        ));
        assert!(!same_page(
            "https://example.org/en/news/flood",
            "https://other.org/de/news/flood"
        ));
        // A country domain is not a language marker.
        assert!(!same_page(
            "https://example.de/flood",
            "https://example.com/flood"
        ));
        assert!(!same_page(
            "https://example.org/news?id=12&lang=en",
            "https://example.org/news?id=13&lang=de"
        ));
    }

    #[test]
    fn slugs_match_across_translated_paths() {
        assert!(same_slug(
            "https://example.org/en/news/flood-in-saxony.html",
            "https://example.org/de/nachrichten/flood-in-saxony.html"
        ));
        assert!(same_slug(
            "https://example.org/en/article/48151",
            "https://example.de/artikel/48151"
        ));
        assert!(!same_slug(
            "https://example.org/en/news/flood",
            "https://example.org/de/news/hochwasser"
        ));
        assert_eq!(url_keys("https://example.org/").unwrap().slug, None);
        assert_eq!(url_keys("https://example.org/en/").unwrap().slug, None);
        assert_eq!(url_keys("no host at all/"), None);
    }
}
