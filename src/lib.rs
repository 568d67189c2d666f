//! `ende` lines up an English article with its German translation, sentence by sentence.
//!
//! The data flows through one module per stage: [`text`] reads and checks the input,
//! [`lang`] tells English from German, [`split`](mod@split) cuts each side into sentences, [`anchors`]
//! finds what survives translation (numbers, names, acronyms), [`align`](mod@align) pairs the sentences,
//! and [`boilerplate`] recognises web page furniture that has no counterpart. [`corpus`] runs
//! these stages for one pair of files ([`align_files`]) or a batch, [`check`] flags doubtful
//! beads and sums up how complete a translation is, and [`output`] writes an [`AlignedDoc`] in
//! every [`Format`]. Before any of that, [`docalign`] finds which German page of a crawl
//! translates which English page ([`pair_texts`]), for corpora nobody has paired. The names
//! re-exported here are the ones most callers need.
//!
//! ```
//! use ende::{split, Lang};
//! let en = "The U.S. Department of Energy met on October 3. It agreed.";
//! let sentences: Vec<&str> = split::split(en, Lang::En).iter().map(|s| s.text(en)).collect();
//! assert_eq!(sentences, ["The U.S. Department of Energy met on October 3.", "It agreed."]);
//! ```
#![deny(missing_docs)]

pub mod align;
pub mod anchors;
pub mod boilerplate;
pub mod check;
pub mod corpus;
pub mod docalign;
pub mod error;
pub mod eval;
pub mod lang;
pub mod output;
pub mod pair;
pub mod split;
pub mod text;

// The surface most callers need, by stage; the modules hold the rest.
pub use align::{align, Bead};
pub use check::{flag, report, Report};
pub use corpus::{align_documents, align_files, PairOptions};
pub use docalign::pair_texts;
pub use error::{Error, Result};
pub use lang::{Code, Lang, LangPair};
pub use output::{writer, DocWriter, Format, WriteOptions};
pub use pair::AlignedDoc;
pub use split::{split, Sentence};
pub use text::Document;
