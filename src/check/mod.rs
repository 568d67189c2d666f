//! The completeness check: is the translation complete, and which beads look wrong?
//!
//! [`flag`] runs on every aligned pair, whatever the command, so that every output format can
//! carry the flags; [`report()`] sums a pair up for `ende check`, and [`BatchTotals`] a batch.
//! Both treat page furniture apart (the boilerplate list of [`crate::boilerplate`] and the
//! lines [`furniture`] recognises): a translator is not expected to translate a cookie banner,
//! so an unpaired one is neither an omission nor an addition, and a bead holding one is never
//! flagged.

mod flags;
pub mod furniture;
mod reasons;
mod report;

pub use flags::{flag, LOW_SCORE};
pub use furniture::{mark_parts, parts, Template, TemplateCounter};
pub use reasons::reasons;
pub use report::{
    report, worst_first, BatchTotals, Flagged, Furniture, Gate, Line, Report, Sides, Tally,
};

/// `part` of `whole` as a share between 0 and 1. Nothing to count counts as complete (1): a
/// pair without body sentences has nothing missing, and a batch of failed pairs aligned all of
/// the nothing it read. Every share ende prints or writes comes from here.
pub fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        1.0
    } else {
        part as f64 / whole as f64
    }
}

/// A share as the reports print it (`97.5%`), in text and in HTML alike.
pub fn percent(share: f64) -> String {
    format!("{:.1}%", share * 100.0)
}
