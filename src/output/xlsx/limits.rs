//! Excel's limits — rows per sheet, characters per cell and per sheet name, the characters a
//! sheet name may not hold — and how ende stays within them without losing track of the text.

use std::borrow::Cow;

/// Excel's rows per sheet.
pub(super) const MAX_ROWS: u32 = 1_048_576;

/// Excel's characters per cell.
pub(super) const MAX_CELL: usize = 32_767;

/// Excel's characters per sheet name.
pub(super) const MAX_NAME: usize = 31;

/// Text cut to what an Excel cell holds, marked so that nobody takes it for the whole sentence.
pub(super) fn cell(s: &str) -> Cow<'_, str> {
    const MARK: &str = " […]";
    if s.len() <= MAX_CELL {
        // Bytes bound UTF-16 units from above, so short strings skip the count.
        return Cow::Borrowed(s);
    }
    let units: usize = s.encode_utf16().count();
    if units <= MAX_CELL {
        return Cow::Borrowed(s);
    }
    let mut out = fit(s, MAX_CELL - MARK.encode_utf16().count()).to_string();
    out.push_str(MARK);
    Cow::Owned(out)
}

/// The longest prefix of `s` within `units` UTF-16 units: Excel counts in those, and a bound in
/// them is also a bound in characters, which rust_xlsxwriter counts.
fn fit(s: &str, units: usize) -> &str {
    let mut used = 0;
    for (at, c) in s.char_indices() {
        used += c.len_utf16();
        if used > units {
            return &s[..at];
        }
    }
    s
}

/// A sheet name Excel accepts, from a document name.
pub(super) fn sheet_base(doc: &str) -> String {
    let cleaned: String = doc
        .chars()
        .filter(|c| !c.is_control())
        .map(|c| {
            if matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\') {
                '_'
            } else {
                c
            }
        })
        .collect();
    let trimmed = cleaned.trim_matches(|c: char| c == '\'' || c.is_whitespace());
    let name = match trimmed {
        "" => "pair".to_string(),
        // English Excel reserves this name for its change history.
        t if t.eq_ignore_ascii_case("history") => format!("{t}_"),
        t => t.to_string(),
    };
    tidy_end(fit(&name, MAX_NAME)).to_string()
}

/// Cutting a name may leave an apostrophe or a space at its end; Excel refuses the one and the
/// other looks like a mistake.
fn tidy_end(s: &str) -> &str {
    s.trim_end_matches(|c: char| c == '\'' || c.is_whitespace())
}

/// `base (n)`, with `base` shortened so the whole stays within Excel's limit.
pub(super) fn with_suffix(base: &str, n: usize) -> String {
    let suffix = format!(" ({n})");
    let room = MAX_NAME - suffix.len();
    format!("{}{suffix}", tidy_end(fit(base, room)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_valid_for_excel() {
        assert_eq!(sheet_base("flood"), "flood");
        assert_eq!(sheet_base("a[b]:c*d?e/f\\g"), "a_b__c_d_e_f_g");
        assert_eq!(sheet_base("'quoted'"), "quoted");
        assert_eq!(sheet_base("  \u{1}  "), "pair");
        assert_eq!(sheet_base("History"), "History_");
        let long = sheet_base(&"x".repeat(40));
        assert_eq!(long.chars().count(), 31);
        // 16 emoji are 32 UTF-16 units: one must go.
        assert_eq!(sheet_base(&"😀".repeat(16)).chars().count(), 15);
        assert_eq!(
            sheet_base(&format!("{}' b", "a".repeat(30))),
            "a".repeat(30)
        );
    }

    #[test]
    fn suffixes_fit_in_the_name_limit() {
        let s = with_suffix(&"y".repeat(31), 12);
        assert_eq!(s, format!("{} (12)", "y".repeat(26)));
        assert_eq!(s.chars().count(), 31);
    }

    #[test]
    fn long_cells_are_cut_and_marked() {
        let short = "a".repeat(MAX_CELL);
        assert!(matches!(cell(&short), Cow::Borrowed(_)));
        let long = "ä".repeat(MAX_CELL + 5);
        let c = cell(&long);
        assert_eq!(c.encode_utf16().count(), MAX_CELL);
        assert!(c.ends_with(" […]"));
    }
}
