//! What the fuzz targets' checks and the integration tests both use (the tests reach it as
//! `crate::util::{no_space, Shared}` through their copy of this crate), so both check the
//! same way.

use std::io::{self, Write};
use std::sync::{Arc, Mutex};

/// `s` without its white space: sentence splitting may change the white space between
/// sentences, never the other characters, so this is what must survive it.
pub fn no_space(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// A `Write` whose bytes the test can still read after handing a clone to a library writer,
/// which takes its output as a boxed `Write` and never gives it back.
#[derive(Clone, Default)]
pub struct Shared(Arc<Mutex<Vec<u8>>>);

impl Shared {
    /// Everything written so far.
    pub fn bytes(&self) -> Vec<u8> {
        self.0.lock().unwrap().clone()
    }
}

impl Write for Shared {
    fn write(&mut self, b: &[u8]) -> io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}
