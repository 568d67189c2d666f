//! A pair's table sheet: the CSV's columns, coloured by status, sized to their content and
//! set up to print (see the module above for why).

use std::borrow::Cow;

use rust_xlsxwriter::{Format, Note, Worksheet, XlsxError};

use super::limits::{cell, MAX_CELL};
use super::Styles;
use crate::align::Bead;
use crate::output::Row;
use crate::pair::{AlignedDoc, Part};

/// The widest a text column gets, in character widths: about half a landscape page each, so
/// both texts fit beside the narrow columns on one page.
pub(super) const TEXT_WIDTH: usize = 60;

/// Height of one line of text in points (Calibri 11, rust_xlsxwriter's default font).
pub(super) const LINE_HEIGHT: f64 = 15.0;

/// Rows are at most this many lines high: Excel's limit is 409 points.
pub(super) const MAX_LINES: usize = 27;

/// Which sides a bead has, matching [`AlignedDoc::status`].
pub(super) enum Side {
    Both,
    Src,
    Tgt,
}

pub(super) fn side(b: &Bead) -> Side {
    match (b.src.is_empty(), b.tgt.is_empty()) {
        (false, false) => Side::Both,
        (false, true) => Side::Src,
        _ => Side::Tgt,
    }
}

/// Sets up a table sheet: the frozen header row, repeated on every printed page, and the page
/// setup (landscape, one page wide). Column widths are set in `finish`, from the content; the
/// filter comes with the rows.
pub(super) fn start_sheet(
    ws: &mut Worksheet,
    st: &Styles,
    head: &[String; 8],
) -> std::result::Result<(), XlsxError> {
    for (col, name) in (0..).zip(head) {
        ws.write_string_with_format(0, col, name, &st.header)?;
    }
    ws.set_freeze_panes(1, 0)?;
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, 0)?;
    ws.set_margins(0.4, 0.4, 0.5, 0.5, 0.3, 0.3);
    ws.set_footer("&L&A&RPage &P of &N");
    Ok(())
}

/// The header's widths, the least each column gets.
pub(super) fn header_widths(head: &[String; 8]) -> [usize; 8] {
    let mut w = [0; 8];
    for (x, h) in w.iter_mut().zip(head) {
        *x = h.chars().count();
    }
    w
}

/// A column's width in Excel's units (about one character each) for content `chars` wide: text
/// columns up to [`TEXT_WIDTH`] (they wrap), the others as wide as their widest cell (the
/// document name is never cut), a little padding for the filter button.
pub(super) fn column_width(col: usize, chars: usize) -> f64 {
    let w = match col {
        3 | 4 => chars.clamp(12, TEXT_WIDTH),
        5 => chars.max(7),
        _ => chars.clamp(6, 48),
    };
    (w + 3) as f64
}

/// How many lines a text of `chars` characters wraps to in a column of [`TEXT_WIDTH`]: the
/// characters per line are a little below the width, since the text wraps at spaces.
pub(super) fn row_lines(chars: usize) -> usize {
    let per_line = TEXT_WIDTH.saturating_sub(4).max(1);
    chars.div_ceil(per_line).clamp(1, MAX_LINES)
}

/// Writes the beads `range` of `doc` on `ws` from row `first` on, widening `widths` to the
/// content and setting each row's height to its wrapped text. Returns a notice per cell cut to
/// Excel's limit.
pub(super) fn write_rows(
    ws: &mut Worksheet,
    st: &Styles,
    doc: &AlignedDoc,
    range: std::ops::Range<usize>,
    first: u32,
    widths: &mut [usize; 8],
) -> std::result::Result<Vec<String>, XlsxError> {
    let mut cuts = Vec::new();
    for (row, k) in (first..).zip(range) {
        let b = &doc.beads[k];
        let r = Row::new(doc, k, b);
        // Blank cells for empty fields: an empty string cell looks the same but filters worse.
        let mut text = |col: u16, s: &str, style: &Format| -> std::result::Result<(), XlsxError> {
            if s.is_empty() {
                return Ok(());
            }
            let c = cell(s);
            ws.write_string_with_format(row, col, &*c, style)?;
            let n = s.chars().count();
            widths[col as usize] = widths[col as usize].max(n);
            if let Cow::Owned(_) = c {
                let note = format!(
                    "Cut to Excel's limit of {MAX_CELL} characters: the text has {n} characters \
                     (see the CSV or JSONL output for all of it)."
                );
                ws.insert_note(row, col, &Note::new(note).set_width(300))?;
                cuts.push(format!(
                    "{}: bead {}: a text of {n} characters was cut to Excel's limit of {MAX_CELL} \
                     in the XLSX cell (row {}, column {}); the cell has a note",
                    doc.name,
                    k + 1,
                    row + 1,
                    (b'A' + col as u8) as char
                ));
            }
            Ok(())
        };
        text(0, &doc.name, &st.cell)?;
        text(1, &r.src_ids, &st.cell)?;
        text(2, &r.tgt_ids, &st.cell)?;
        text(3, &r.src, &st.text)?;
        text(4, &r.tgt, &st.text)?;
        let status = match bead_part(doc, b) {
            Part::Furniture(_) => &st.furniture,
            Part::Headline => &st.headline,
            Part::Body => match side(b) {
                Side::Both => &st.aligned,
                Side::Src => &st.src_only,
                Side::Tgt => &st.tgt_only,
            },
        };
        text(6, &r.status, status)?;
        text(7, &r.flags, &st.flagged)?;
        ws.write_number_with_format(row, 5, r.score, &st.score)?;
        widths[5] = widths[5].max(5);
        let lines = row_lines(r.src.chars().count().max(r.tgt.chars().count()));
        if lines > 1 {
            ws.set_row_height(row, LINE_HEIGHT * lines as f64)?;
        }
    }
    Ok(cuts)
}

/// What a gap bead is on its page (a pairing bead is body): the part of its sentences when they
/// all share one, body otherwise.
pub(super) fn bead_part(doc: &AlignedDoc, b: &Bead) -> Part {
    let parts: Vec<Part> = if b.tgt.is_empty() {
        b.src.clone().map(|k| doc.src_part(k)).collect()
    } else if b.src.is_empty() {
        b.tgt.clone().map(|k| doc.tgt_part(k)).collect()
    } else {
        return Part::Body;
    };
    match parts.first() {
        Some(&p) if parts.iter().all(|&q| q == p) => p,
        _ => Part::Body,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_grow_with_their_text_and_columns_with_their_content() {
        assert_eq!(row_lines(0), 1);
        assert_eq!(row_lines(56), 1);
        assert_eq!(row_lines(57), 2);
        assert_eq!(row_lines(100_000), MAX_LINES);
        // A 20-character document name is not cut; text columns stop at TEXT_WIDTH.
        assert_eq!(column_width(0, 20), 23.0);
        assert_eq!(column_width(3, 500), (TEXT_WIDTH + 3) as f64);
        assert_eq!(column_width(4, 3), 15.0);
    }
}
