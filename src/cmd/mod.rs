//! One module per subcommand: each turns parsed flags into library calls and output.

pub mod align;
pub mod split;
