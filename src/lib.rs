//! `ende` lines up an English article with its German translation, sentence by sentence.
//!
//! The data flows through one module per stage: [`text`] reads and checks the input,
//! [`lang`] tells English from German, [`split`] cuts each side into sentences, [`anchors`]
//! finds what survives translation (numbers, names, acronyms), [`align`] pairs the sentences,
//! and [`boilerplate`] recognises web page furniture that has no counterpart.
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
pub mod error;
pub mod eval;
pub mod lang;
pub mod output;
pub mod pair;
pub mod split;
pub mod text;

pub use error::{Error, Result};
pub use lang::Lang;
pub use split::Sentence;
pub use text::Document;
