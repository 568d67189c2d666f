//! Numbers: each language's separators, dates, times and digit groups read into one key per
//! value (`260,000` and `260.000` → `260000`, `9.30 Uhr` → `9:30`).

use super::{W_NUMBER, W_SMALL_NUMBER, W_YEAR};

/// Context of a number token that decides how it is read.
#[derive(Clone, Copy, Default)]
pub(super) struct NumCtx {
    /// Followed by `Uhr`, `h`, `a.m.` or `p.m.`: `9.30` is a time.
    pub(super) clock: bool,
    /// `p.m.`: `2:30` is `14:30`.
    pub(super) pm: bool,
    /// A period followed the number: German `3.10.` is a date.
    pub(super) dot_after: bool,
}

/// `core` is `min`–3 ASCII digits.
pub(super) fn is_group(core: &str, min: usize) -> bool {
    (min..=3).contains(&core.len()) && core.bytes().all(|b| b.is_ascii_digit())
}

/// Sets the clock flags if `w` marks a time: `Uhr`/`h` (German, French), `a.m.`/`pm` (English).
pub(super) fn clock_word(w: &str, english: bool, ctx: &mut NumCtx) {
    if english {
        let w = w.as_bytes();
        let am = w.eq_ignore_ascii_case(b"am") || w.eq_ignore_ascii_case(b"a.m");
        let pm = w.eq_ignore_ascii_case(b"pm") || w.eq_ignore_ascii_case(b"p.m");
        ctx.clock |= am || pm;
        ctx.pm |= pm;
    } else if w.eq_ignore_ascii_case("uhr") || w == "h" {
        ctx.clock = true;
    }
}

pub(super) fn number_weight(key: &str) -> f32 {
    if key.contains([':', '.']) || (key.len() > 1 && key.starts_with('0')) || key.len() > 18 {
        return W_NUMBER;
    }
    match key.parse::<u64>() {
        Ok(v) if v < 13 => W_SMALL_NUMBER,
        Ok(v) if (1000..=2100).contains(&v) => W_YEAR,
        _ => W_NUMBER,
    }
}

/// Appends the decimal digits of `n`.
pub(super) fn push_uint(n: u32, out: &mut String) {
    if n >= 10 {
        push_uint(n / 10, out);
    }
    out.push(char::from(b'0' + (n % 10) as u8));
}

/// Appends the number key for the integer `int` (digits, possibly with separators to skip)
/// with decimals `frac`, as a line `N<value>`.
pub(super) fn push_value(int: &str, frac: &str, out: &mut String) {
    out.push('N');
    let start = out.len();
    let digits = || int.bytes().filter(u8::is_ascii_digit);
    // Long digit strings with a leading zero are phone numbers or codes: keep them whole.
    let keep_zeros = frac.is_empty() && digits().next() == Some(b'0') && digits().count() >= 5;
    let mut leading = !keep_zeros;
    for d in digits() {
        if leading && d == b'0' {
            continue;
        }
        leading = false;
        out.push(char::from(d));
    }
    if out.len() == start {
        out.push('0');
    }
    let frac = frac.trim_end_matches('0');
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
    out.push('\n');
}

/// Appends a time key `N<hour>:<minutes>[:<seconds>]`, on the 24-hour clock if `pm`.
pub(super) fn push_time(hour: &str, rest: &[&str], pm: bool, out: &mut String) {
    let mut h: u32 = hour.parse().unwrap_or(99);
    if pm && h < 12 {
        h += 12;
    }
    out.push('N');
    push_uint(h, out);
    for r in rest {
        out.push(':');
        out.push_str(r);
    }
    out.push('\n');
}

/// Appends the month of a numeric date as a line `M<month>`.
pub(super) fn push_month(m: &str, out: &mut String) {
    out.push('M');
    out.push_str(m.trim_start_matches('0'));
    out.push('\n');
}

/// Up to eight digit groups of a number, split at its separators.
pub(super) struct Groups<'a> {
    pub(super) g: [&'a str; 8],
    pub(super) n: usize,
}

impl<'a> Groups<'a> {
    pub(super) fn split(head: &'a str, seps: &[char]) -> Option<Groups<'a>> {
        let mut g = [""; 8];
        let mut n = 0;
        for part in head.split(seps) {
            if n == 8 || part.is_empty() {
                return None;
            }
            g[n] = part;
            n += 1;
        }
        Some(Groups { g, n })
    }
    pub(super) fn all(&self) -> &[&'a str] {
        &self.g[..self.n]
    }
}

/// Normalised values of `head` (ASCII digits and the separators `.,:'`, starting and ending
/// with a digit), appended to `out` one per line: `N<value>` for numbers, `M<month>` for the
/// month of a numeric date.
pub(super) fn parse_number(head: &str, english: bool, ctx: NumCtx, out: &mut String) {
    let (mut dots, mut commas, mut colons, mut other) = (0, 0, 0, 0);
    for b in head.bytes() {
        match b {
            b'.' => dots += 1,
            b',' => commas += 1,
            b':' => colons += 1,
            b'0'..=b'9' => {}
            _ => other += 1,
        }
    }
    if head.is_empty() || (dots + commas + colons + other == 0 && !ctx.pm) {
        // Plain digits, by far the most common case.
        if !head.is_empty() {
            push_value(head, "", out);
        }
        return;
    }
    let Some(groups) = Groups::split(head, &['.', ',', ':', '\'']) else {
        if colons == 0 && other == 0 {
            // Many groups: an identifier of some kind; keep as written.
            out.push('N');
            out.push_str(head);
            out.push('\n');
        }
        return;
    };
    let groups = groups.all();
    if colons > 0 {
        // A time (`9:30`) or a score (`3:2`).
        if groups.len() == colons + 1 && colons <= 2 {
            push_time(groups[0], &groups[1..], ctx.pm, out);
        }
        return;
    }
    let small = |g: &str| g.len() <= 2;
    // `9.30 Uhr`, `9.30 a.m.`
    if ctx.clock
        && dots + commas == 1
        && groups.len() == 2
        && small(groups[0])
        && groups[1].len() == 2
    {
        push_time(groups[0], &groups[1..], ctx.pm, out);
        return;
    }
    let day_month = |d: &str, m: &str| {
        let (d, m) = (d.parse::<u32>().unwrap_or(0), m.parse::<u32>().unwrap_or(0));
        (1..=31).contains(&d) && (1..=12).contains(&m)
    };
    if dots == 2 && commas == 0 && groups.len() == 3 {
        let (d, m, y) = (groups[0], groups[1], groups[2]);
        if small(d) && small(m) && (y.len() == 4 || y.len() == 2) && day_month(d, m) {
            push_value(d, "", out);
            push_month(m, out);
            if y.len() == 4 {
                push_value(y, "", out);
            }
            return;
        }
    }
    if !english && dots == 1 && commas == 0 && groups.len() == 2 && ctx.dot_after {
        let (d, m) = (groups[0], groups[1]);
        if small(d) && small(m) && day_month(d, m) {
            push_value(d, "", out);
            push_month(m, out);
            return;
        }
    }
    if ctx.pm && groups.len() == 1 {
        // `2 p.m.`: keep `2`, and also offer `14` for a translation on the 24-hour clock.
        push_value(head, "", out);
        if let Ok(h @ 1..=11) = head.parse::<u32>() {
            out.push('N');
            push_uint(h + 12, out);
            out.push('\n');
        }
        return;
    }
    // Which separator, if any, is the decimal one.
    let decimal = if dots > 0 && commas > 0 {
        head.rfind(['.', ','])
    } else if dots + commas == 0 {
        None
    } else {
        // One kind of separator (apostrophes, Swiss thousands, are skipped by `push_value`).
        let sep = if dots > 0 { '.' } else { ',' };
        let Some(parts) = Groups::split(head, &[sep]) else {
            return;
        };
        let parts = parts.all();
        let grouped = parts[0].len() <= 3 && parts[1..].iter().all(|g| g.len() == 3);
        if parts.len() > 2 {
            if !grouped {
                // Version numbers, IP addresses: keep as written.
                out.push('N');
                out.push_str(head);
                out.push('\n');
                return;
            }
            None
        } else {
            let thousands = if english { ',' } else { '.' };
            let leading_zero = parts[0].trim_start_matches('0').is_empty();
            if sep == thousands && grouped && parts[1].len() == 3 && !leading_zero {
                None
            } else {
                head.rfind(sep)
            }
        }
    };
    match decimal {
        Some(at) => push_value(&head[..at], &head[at + 1..], out),
        None => push_value(head, "", out),
    }
}

// ---------------------------------------------------------------------------------------------
// Number words

/// A language's number words (`data/number-words-*.txt`), folded.
pub(super) struct NumberWords {
    value: super::FxMap<String, u64>,
    german: bool,
}

fn number_words(data: &str, german: bool) -> NumberWords {
    let mut value = super::FxMap::default();
    for line in data.lines().filter(|l| !l.starts_with('#')) {
        let Some((v, forms)) = line.split_once(':') else {
            continue;
        };
        let v: u64 = v
            .trim()
            .parse()
            .expect("number-words: a value before the colon");
        for f in forms.split_whitespace() {
            value.insert(super::fold::fold_owned(f), v);
        }
    }
    NumberWords { value, german }
}

/// The number words of English and German.
pub(super) static ENGLISH_NUMBERS: std::sync::LazyLock<NumberWords> =
    std::sync::LazyLock::new(|| {
        number_words(include_str!("../../data/number-words-en.txt"), false)
    });
pub(super) static GERMAN_NUMBERS: std::sync::LazyLock<NumberWords> =
    std::sync::LazyLock::new(|| number_words(include_str!("../../data/number-words-de.txt"), true));

impl NumberWords {
    /// The value of a hyphenated token (`Twenty-five`), if it spells one.
    pub(super) fn hyphenated(&self, token: &str) -> Option<u64> {
        let mut folded = String::new();
        for (k, part) in token.split(['-', '–', '—']).enumerate() {
            if k > 0 {
                folded.push('-');
            }
            super::fold::fold_word(part, false, &mut folded)?;
        }
        self.value(&folded)
    }

    /// The value a folded word spells: a listed word, or a compound of them: English
    /// `twenty-five`, German `fünfundzwanzig`, `einundzwanzig`, `dreihundert`, `zweitausend`.
    pub(super) fn value(&self, w: &str) -> Option<u64> {
        if let Some(&v) = self.value.get(w) {
            return Some(v);
        }
        let unit = |s: &str| match s {
            "ein" | "eins" if self.german => Some(1),
            _ => self.value.get(s).copied().filter(|v| (1..10).contains(v)),
        };
        let tens = |s: &str| {
            self.value
                .get(s)
                .copied()
                .filter(|v| (20..100).contains(v) && v % 10 == 0)
        };
        if self.german {
            for (mult, word) in [(100, "hundert"), (1000, "tausend")] {
                if let Some(head) = w.strip_suffix(word) {
                    if let Some(u) = unit(head) {
                        return Some(u * mult);
                    }
                }
            }
            let (u, t) = w.split_once("und")?;
            let t = tens(t)?;
            return Some(unit(u)? + t);
        }
        let (t, u) = w.split_once('-')?;
        Some(tens(t)? + unit(u)?)
    }
}
