//! HTML: one self-contained page for a reviewer — the summary on top, then both texts side by
//! side, one row per bead, coloured by what the bead is, each finding with its reason.
//!
//! The page works offline and from a mail attachment: the style sheet and the little plain
//! JavaScript (filters, keyboard navigation) are inline, nothing is fetched, no font, no image.
//! Every piece of input text goes through [`escape`]: the five HTML metacharacters become
//! entities, and bidirectional and other invisible control characters are shown as visible
//! marks (`⟨U+202E⟩`), so a text cannot run script, break the markup or reorder what the
//! reviewer reads (a right-to-left override would otherwise flip the rest of the line).
//!
//! Pairs are written as they arrive, so a batch streams; the batch summary, known only at the
//! end, is written last and shown first (CSS `order`), on screen and on paper.

use std::fmt::Write as _;
use std::io::{BufWriter, Write};

use super::{check as check_doc, write_error, DocWriter, Summary, BUFFER};
use crate::align::Bead;
use crate::check::{self, percent};
use crate::error::Result;
use crate::pair::{AlignedDoc, Part};

const FORMAT: &str = "html";

/// Streams pairs as sections of one HTML page.
pub(super) struct HtmlWriter {
    out: BufWriter<Box<dyn Write + Send>>,
    started: bool,
    /// Pairs written, and their sums for the batch summary.
    docs: usize,
    counts: check::Tally,
}

impl HtmlWriter {
    pub(super) fn new(out: Box<dyn Write + Send>) -> HtmlWriter {
        HtmlWriter {
            out: BufWriter::with_capacity(BUFFER, out),
            started: false,
            docs: 0,
            counts: check::Tally::default(),
        }
    }

    fn put(&mut self, s: &str) -> Result<()> {
        self.out
            .write_all(s.as_bytes())
            .map_err(write_error(FORMAT))
    }

    fn start(&mut self) -> Result<()> {
        if self.started {
            return Ok(());
        }
        self.started = true;
        let head = format!(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <meta name=\"generator\" content=\"ende {}\">\n\
             <title>ende: alignment report</title>\n<style>{STYLE}</style>\n</head>\n\
             <body class=\"f-all\">\n<nav class=\"controls\" aria-label=\"filters\">\
             <strong>ende</strong> \
             <button type=\"button\" data-f=\"all\" aria-pressed=\"true\">All <kbd>1</kbd></button>\
             <button type=\"button\" data-f=\"missing\">Missing &amp; added <kbd>2</kbd></button>\
             <button type=\"button\" data-f=\"flagged\">Flagged <kbd>3</kbd></button>\
             <button type=\"button\" data-f=\"low\">Low score <kbd>4</kbd></button>\
             <span class=\"keys\"><kbd>j</kbd>/<kbd>k</kbd> next/previous finding</span>\
             </nav>\n<main>\n",
            env!("CARGO_PKG_VERSION")
        );
        self.put(&head)
    }
}

/// What a bead is, for its row's class and its reason.
fn kind(doc: &AlignedDoc, b: &Bead) -> (&'static str, Option<Part>) {
    let parts = |r: &std::ops::Range<usize>, src: bool| -> Vec<Part> {
        r.clone()
            .map(|k| {
                if src {
                    doc.src_part(k)
                } else {
                    doc.tgt_part(k)
                }
            })
            .collect()
    };
    let (sp, tp) = (parts(&b.src, true), parts(&b.tgt, false));
    let furniture = |v: &[Part]| !v.is_empty() && v.iter().all(|p| p.is_furniture());
    let headline = |v: &[Part]| v.contains(&Part::Headline);
    match (b.src.is_empty(), b.tgt.is_empty()) {
        (false, false) if furniture(&sp) || furniture(&tp) => ("furniture", sp.first().copied()),
        (false, false) => ("aligned", None),
        (false, true) if furniture(&sp) => ("furniture", sp.first().copied()),
        (false, true) if headline(&sp) => ("headline", None),
        (false, true) => ("missing", None),
        (_, false) if furniture(&tp) => ("furniture", tp.first().copied()),
        (_, false) if headline(&tp) => ("headline", None),
        _ => ("added", None),
    }
}

impl DocWriter for HtmlWriter {
    fn write_doc(&mut self, doc: &AlignedDoc) -> Result<()> {
        check_doc(doc, FORMAT)?;
        self.start()?;
        let r = check::report(doc);
        self.docs += 1;
        self.counts.add(&r);
        let (src, tgt) = (doc.langs.src.name(), doc.langs.tgt.name());
        let (sc, tc) = (
            doc.langs.src.as_str().to_uppercase(),
            doc.langs.tgt.as_str().to_uppercase(),
        );
        let id = self.docs;
        let mut h = String::with_capacity(4096 + 256 * doc.beads.len());
        let _ = write!(
            h,
            "<section class=\"doc\" id=\"doc{id}\">\n<h2>{}</h2>\n<div class=\"summary\">\
             <p class=\"coverage\"><b>{}</b> of {} {src} body sentences translated \
             (<b>{}</b>, {} of characters)</p>\n<ul class=\"counts\">\
             <li class=\"missing\">{} missing in {tgt}</li>\
             <li class=\"added\">{} added in {tgt}</li>\
             <li class=\"flagged\">{} flagged</li>\
             <li class=\"headline\">{} headline not translated</li>\
             <li class=\"furniture\">{} page furniture (not counted)</li></ul>\n",
            escape(&doc.name),
            r.src_translated,
            r.src_sentences,
            percent(r.coverage_sentences),
            percent(r.coverage_chars),
            r.missing.len(),
            r.added.len(),
            r.flagged.len(),
            r.headline.src.len() + r.headline.tgt.len(),
            r.furniture.src.len() + r.furniture.tgt.len(),
        );
        if r.looks_untranslated() {
            let _ = writeln!(
                h,
                "<p class=\"warning\">{} of {} paired sentences look untranslated: is the {tgt} \
                 text a copy of the {src} one, or still in {src}?</p>",
                r.untranslated, r.paired_beads
            );
        }
        let mut by_flag: Vec<(&str, usize)> = Vec::new();
        for f in &r.flagged {
            for name in &f.flags {
                match by_flag.iter_mut().find(|(n, _)| n == name) {
                    Some(e) => e.1 += 1,
                    None => by_flag.push((name, 1)),
                }
            }
        }
        if !by_flag.is_empty() {
            let list: Vec<String> = by_flag.iter().map(|(n, c)| format!("{n} {c}")).collect();
            let _ = writeln!(h, "<p class=\"flags\">Flags: {}</p>", list.join(", "));
        }
        let _ = write!(
            h,
            "</div>\n<table class=\"beads\">\n<thead><tr><th scope=\"col\">{sc} / {tc}</th>\
             <th scope=\"col\" lang=\"{}\">{src}</th><th scope=\"col\" lang=\"{}\">{tgt}</th>\
             <th scope=\"col\">score</th><th scope=\"col\">status and reason</th></tr></thead>\n<tbody>\n",
            escape(doc.langs.src.as_str()),
            escape(doc.langs.tgt.as_str())
        );
        for (k, b) in doc.beads.iter().enumerate() {
            let (kind, part) = kind(doc, b);
            let f = doc.flags_of(k);
            let flagged = kind == "aligned" && !f.is_empty();
            let low = b.score < check::LOW_SCORE && matches!(kind, "aligned" | "missing" | "added");
            let mut class = kind.to_string();
            if flagged {
                class.push_str(" flagged");
            }
            if low {
                class.push_str(" low");
            }
            let finding = matches!(kind, "missing" | "added" | "headline") || flagged;
            if finding {
                class.push_str(" finding");
            }
            let reason = match kind {
                "missing" => format!("missing: no {tgt} counterpart"),
                "added" => format!("added: no {src} counterpart"),
                "headline" if b.tgt.is_empty() => "headline not translated".to_string(),
                "headline" => format!("headline not in {src}"),
                "furniture" => format!(
                    "page furniture, not counted ({})",
                    match part {
                        Some(Part::Furniture(w)) => w.name(),
                        _ => "listed",
                    }
                ),
                _ if flagged => {
                    let mut why = f.names().join(", ");
                    let reasons = check::reasons(doc, b, f);
                    if !reasons.is_empty() {
                        why.push_str(": ");
                        why.push_str(&reasons.join("; "));
                    }
                    why
                }
                _ => "aligned".to_string(),
            };
            let text = |side: &std::ops::Range<usize>, src: bool| -> String {
                side.clone()
                    .map(|i| escape(if src { &doc.src[i] } else { &doc.tgt[i] }))
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            let _ = writeln!(
                h,
                "<tr class=\"{class}\" id=\"d{id}b{}\"><td class=\"ids\">{} / {}</td>\
                 <td class=\"t\" lang=\"{}\">{}</td><td class=\"t\" lang=\"{}\">{}</td>\
                 <td class=\"score\">{:.2}</td><td class=\"why\">{}</td></tr>",
                k + 1,
                ids(&b.src),
                ids(&b.tgt),
                escape(doc.langs.src.as_str()),
                text(&b.src, true),
                escape(doc.langs.tgt.as_str()),
                text(&b.tgt, false),
                b.score,
                escape(&reason)
            );
        }
        h.push_str("</tbody>\n</table>\n</section>\n");
        self.put(&h)
    }

    fn flush(&mut self) -> Result<()> {
        self.out.flush().map_err(write_error(FORMAT))
    }

    fn finish(mut self: Box<Self>, summary: &Summary) -> Result<()> {
        self.start()?;
        // A batch gets a summary of all pairs, written last and shown first.
        if self.docs > 1 || !summary.failed.is_empty() {
            let c = &self.counts;
            let mut h = format!(
                "<section class=\"total\" id=\"total\"><h2>All pairs</h2><div class=\"summary\">\
                 <p class=\"coverage\"><b>{}</b> of {} body sentences translated in {} pairs \
                 (<b>{}</b>, {} of characters)</p><ul class=\"counts\">\
                 <li class=\"missing\">{} missing</li><li class=\"added\">{} added</li>\
                 <li class=\"flagged\">{} flagged</li><li>{} failed</li></ul>",
                c.src_translated,
                c.src_sentences,
                self.docs,
                percent(c.coverage_sentences()),
                percent(c.coverage_chars()),
                c.missing,
                c.added,
                c.flagged,
                summary.failed.len()
            );
            if !summary.failed.is_empty() {
                h.push_str("<ul class=\"failed\">");
                for (name, why) in &summary.failed {
                    let _ = write!(h, "<li>{}: {}</li>", escape(name), escape(why));
                }
                h.push_str("</ul>");
            }
            h.push_str("<ul class=\"toc\">");
            for k in 1..=self.docs {
                let _ = write!(h, "<li><a href=\"#doc{k}\">pair {k}</a></li>");
            }
            h.push_str("</ul></div></section>\n");
            self.put(&h)?;
        }
        let tail = format!(
            "</main>\n<footer><p class=\"legend\"><span class=\"aligned\">aligned</span> \
             <span class=\"missing\">missing</span> <span class=\"added\">added</span> \
             <span class=\"flagged\">flagged</span> <span class=\"headline\">headline</span> \
             <span class=\"furniture\">page furniture</span> \
             <span class=\"low\">low score (below 0.5)</span></p>\
             <p>Flags and coverage: docs/check.md of ende.</p></footer>\n<script>{SCRIPT}</script>\n\
             </body>\n</html>\n"
        );
        self.put(&tail)?;
        self.out.flush().map_err(write_error(FORMAT))
    }
}

fn ids(r: &std::ops::Range<usize>) -> String {
    if r.is_empty() {
        return "–".to_string();
    }
    r.clone()
        .map(|k| (k + 1).to_string())
        .collect::<Vec<_>>()
        .join(",")
}

/// Text made safe for HTML, in element content and in quoted attributes alike: `&<>"'` as
/// entities; bidirectional controls, other invisible format characters and control characters
/// as a visible mark with their code point, so they can neither reorder nor hide the text.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' => out.push(' '),
            c if is_hidden(c) => {
                let _ = write!(
                    out,
                    "<span class=\"cc\" title=\"U+{:04X}\">⟨U+{:04X}⟩</span>",
                    u32::from(c),
                    u32::from(c)
                );
            }
            c => out.push(c),
        }
    }
    out
}

/// Characters that change or hide how text displays: controls, bidi embeddings, overrides,
/// isolates and marks, zero-width characters, the byte order mark.
fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{061C}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

const STYLE: &str = r#"
:root{--green:#e3f4e6;--red:#fbe0e2;--amber:#fff2c9;--lilac:#ece6f5;--grey:#f0f0f0;--orange:#fde5d3;--ink:#222;--dim:#767676}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:var(--ink);background:#fff}
.controls{position:sticky;top:0;z-index:2;display:flex;flex-wrap:wrap;gap:.4em;align-items:center;padding:.5em 1em;background:#fafafa;border-bottom:1px solid #ddd}
.controls button{font:inherit;padding:.2em .7em;border:1px solid #bbb;border-radius:4px;background:#fff;cursor:pointer}
.controls button[aria-pressed=true]{background:#333;color:#fff;border-color:#333}
.keys{color:var(--dim);margin-left:auto}
kbd{font:12px monospace;border:1px solid #ccc;border-radius:3px;padding:0 .3em;background:#f6f6f6;color:#333}
main{display:flex;flex-direction:column;padding:0 1em 1em}
.total{order:-1}
h2{margin:1.2em 0 .3em;font-size:1.25em;overflow-wrap:anywhere}
.summary p{margin:.2em 0}
.counts{display:flex;flex-wrap:wrap;gap:.4em;list-style:none;padding:0;margin:.4em 0}
.counts li{padding:.1em .6em;border-radius:3px;background:var(--grey)}
.counts .missing{background:var(--red)}.counts .added{background:var(--amber)}.counts .flagged{background:var(--orange)}.counts .headline{background:var(--lilac)}
.warning{background:var(--red);padding:.3em .6em;font-weight:bold}
table.beads{width:100%;border-collapse:collapse;table-layout:fixed;margin-top:.5em}
th,td{border-bottom:1px solid #e2e2e2;padding:.3em .5em;vertical-align:top;text-align:left}
th{background:#f4f4f4;position:sticky;top:2.6em}
th:nth-child(1),td.ids{width:6.5em;color:var(--dim);font-variant-numeric:tabular-nums}
th:nth-child(4),td.score{width:4.5em;text-align:right;font-variant-numeric:tabular-nums}
th:nth-child(5),td.why{width:22%}
td.t{unicode-bidi:isolate;overflow-wrap:anywhere}
tr.aligned td{background:#fff}
tr.aligned td.why{background:var(--green)}
tr.missing td{background:var(--red)}
tr.added td{background:var(--amber)}
tr.headline td{background:var(--lilac)}
tr.furniture td{background:var(--grey);color:var(--dim)}
tr.flagged td{background:var(--orange)}
tr.low td.score{font-weight:bold;color:#a40000}
tr.finding td.ids{box-shadow:inset 4px 0 #a40000}
tr.current td{outline:2px solid #0b57d0;outline-offset:-2px}
.cc{font:11px monospace;color:#a40000;background:#fff;border:1px dotted #a40000;padding:0 .15em}
.legend span{display:inline-block;padding:.1em .6em;margin:.1em;border-radius:3px;background:var(--grey)}
.legend .aligned{background:var(--green)}.legend .missing{background:var(--red)}.legend .added{background:var(--amber)}.legend .flagged{background:var(--orange)}.legend .headline{background:var(--lilac)}.legend .low{color:#a40000;font-weight:bold}
footer{padding:0 1em 2em;color:var(--dim)}
body.f-missing tr:not(.missing):not(.added){display:none}
body.f-flagged tr:not(.flagged){display:none}
body.f-low tr:not(.low){display:none}
thead tr{display:table-row!important}
@media print{
 .controls,.keys{display:none}
 body{font-size:9pt}
 th{position:static}
 tr{break-inside:avoid}
 thead{display:table-header-group}
 body.f-missing tr,body.f-flagged tr,body.f-low tr{display:table-row}
 tr.current td{outline:none}
 *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
 .doc{break-before:page}
 .doc:first-child,.total+.doc{break-before:auto}
 @page{size:A4 landscape;margin:12mm}
}
"#;

const SCRIPT: &str = r#"
(function(){
  var body=document.body, current=null;
  function setFilter(f){
    body.className='f-'+f;
    document.querySelectorAll('.controls button').forEach(function(b){
      b.setAttribute('aria-pressed', b.getAttribute('data-f')===f ? 'true' : 'false');
    });
  }
  document.querySelectorAll('.controls button').forEach(function(b){
    b.addEventListener('click', function(){ setFilter(b.getAttribute('data-f')); });
  });
  function visible(r){ return r.offsetParent!==null; }
  function step(dir){
    var rows=Array.prototype.filter.call(document.querySelectorAll('tr.finding'), visible);
    if(!rows.length) return;
    var i=rows.indexOf(current);
    i = i<0 ? (dir>0 ? 0 : rows.length-1) : (i+dir+rows.length)%rows.length;
    if(current) current.classList.remove('current');
    current=rows[i]; current.classList.add('current');
    current.scrollIntoView({block:'center'});
  }
  document.addEventListener('keydown', function(e){
    if(e.ctrlKey||e.metaKey||e.altKey) return;
    var k=e.key;
    if(k==='j'||k==='n') step(1);
    else if(k==='k'||k==='p') step(-1);
    else if(k==='1') setFilter('all');
    else if(k==='2') setFilter('missing');
    else if(k==='3') setFilter('flagged');
    else if(k==='4') setFilter('low');
    else return;
    e.preventDefault();
  });
})();
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_text_is_escaped_and_controls_are_shown() {
        let s = "<script>alert(\"x\")</script> & 'q' \u{202E}evil\u{2066}x\u{2069}\u{200B}";
        let e = escape(s);
        assert!(!e.contains("<script"), "{e}");
        assert!(
            e.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"),
            "{e}"
        );
        assert!(e.contains("&amp; &#39;q&#39;"), "{e}");
        for c in ['\u{202E}', '\u{2066}', '\u{2069}', '\u{200B}'] {
            assert!(!e.contains(c), "{c:?} kept in {e}");
        }
        assert!(e.contains("⟨U+202E⟩") && e.contains("⟨U+200B⟩"), "{e}");
    }
}
