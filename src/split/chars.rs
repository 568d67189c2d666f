//! Character classes the rules talk about, in one place so that both quoting styles (English
//! “…”, German „…“ and »…«, French «…») are treated alike everywhere.

/// Ends a sentence.
pub fn is_terminator(c: char) -> bool {
    matches!(
        c,
        '.' | '!' | '?' | '…' | '‼' | '⁇' | '⁈' | '⁉' | '。' | '！' | '？' | '．'
    )
}

/// Question and exclamation marks: they end a sentence whatever word precedes them.
pub fn is_strong(c: char) -> bool {
    matches!(
        c,
        '!' | '?' | '‼' | '⁇' | '⁈' | '⁉' | '！' | '？' | '．' | '。'
    )
}

/// May follow a terminator and still belong to the sentence it ends (`."`, `!“`, `.)`).
/// `“` and `«` close quotations in German and Swiss texts, so they count here too.
pub fn is_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '”' | '’' | '»' | '«' | '“' | '‘' | ')' | ']' | '}' | '›' | '‹'
    )
}

/// May open a sentence before its first word.
pub fn is_opener(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '“'
            | '‘'
            | '„'
            | '‚'
            | '»'
            | '«'
            | '›'
            | '‹'
            | '('
            | '['
            | '{'
            | '¿'
            | '¡'
    )
}

/// Marks a list item at the start of a line; these need no following space.
pub fn is_bullet(c: char) -> bool {
    matches!(
        c,
        '•' | '·'
            | '▪'
            | '‣'
            | '◦'
            | '⁃'
            | '●'
            | '○'
            | '■'
            | '□'
            | '►'
            | '▶'
            | '➢'
            | '✓'
            | '✔'
            | '→'
    )
}

/// Marks a list item only when a space follows (`- item`, `* item`, `– item`).
pub fn is_dash_bullet(c: char) -> bool {
    matches!(c, '-' | '*' | '–' | '—' | '+')
}

/// The first byte of every terminator's UTF-8 form: lets the scanner skip all other bytes
/// without decoding them.
pub const TERMINATOR_LEAD: [bool; 256] = {
    let mut t = [false; 256];
    t[b'.' as usize] = true;
    t[b'!' as usize] = true;
    t[b'?' as usize] = true;
    t[0xE2] = true; // … ‼ ⁇ ⁈ ⁉
    t[0xE3] = true; // 。
    t[0xEF] = true; // ！ ？
    t
};

/// The char starting at byte `i` (which must be a char boundary).
#[inline]
pub fn char_at(text: &str, i: usize) -> Option<char> {
    text[i..].chars().next()
}

/// The char ending at byte `i`.
#[inline]
pub fn char_before(text: &str, i: usize) -> Option<char> {
    text[..i].chars().next_back()
}

/// First byte at or after `i` (before `end`) that is not white space.
pub fn skip_ws(text: &str, mut i: usize, end: usize) -> usize {
    while i < end {
        let b = text.as_bytes()[i];
        if b < 0x80 {
            if !b.is_ascii_whitespace() && b != 0x0b {
                return i;
            }
            i += 1;
        } else {
            let c = char_at(text, i).expect("in bounds");
            if !c.is_whitespace() {
                return i;
            }
            i += c.len_utf8();
        }
    }
    end
}

/// Trims white space off both ends of `start..end`; `None` when nothing is left.
pub fn trim_span(text: &str, start: usize, end: usize) -> Option<(usize, usize)> {
    let s = &text[start..end];
    let t = s.trim_start();
    if t.is_empty() {
        return None;
    }
    let a = start + (s.len() - t.len());
    let b = a + t.trim_end().len();
    Some((a, b))
}
