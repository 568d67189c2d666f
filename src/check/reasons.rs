//! What a `numbers` or `names` flag found, in words a reviewer can check against the text:
//! each number, acronym or name of one side that the other side lacks.
//!
//! Built from the very tests the flags use ([`SideKeys`] and its `*_in` methods), taken one key at
//! a time, so a reason is given exactly for the keys that set the flag.

use super::flags::SideKeys;
use crate::align::Bead;
use crate::lang::Code;
use crate::pair::{AlignedDoc, Flags};

/// The reasons behind the `numbers` and `names` flags of bead `b` (empty when neither is set):
/// `number 260000 not in DE`, `name kirchau not in DE`, `acronym EZB not in EN`. Numbers and
/// names are shown as the check compares them (digits without separators, names folded).
pub fn reasons(doc: &AlignedDoc, b: &Bead, f: Flags) -> Vec<String> {
    if !(f.numbers || f.names) || b.src.is_empty() || b.tgt.is_empty() {
        return Vec::new();
    }
    let (sl, tl) = (doc.langs.src, doc.langs.tgt);
    let src: Vec<&str> = b.src.clone().map(|k| doc.src[k].as_str()).collect();
    let tgt: Vec<&str> = b.tgt.clone().map(|k| doc.tgt[k].as_str()).collect();
    let (ks, kt) = (SideKeys::of(&src, sl), SideKeys::of(&tgt, tl));
    let mut out = Vec::new();
    for (from, to, to_lang, names) in [
        (&ks, &kt, tl, sl != Code::DE),
        (&kt, &ks, sl, tl != Code::DE),
    ] {
        let side = to_lang.as_str().to_uppercase();
        if f.numbers {
            for g in &from.numbers {
                let one = SideKeys {
                    numbers: vec![g.clone()],
                    ..SideKeys::default()
                };
                if !one.numbers_in(to, to_lang) {
                    out.push(format!("number {} not in {side}", g.join("/")));
                }
            }
        }
        if f.names {
            for g in &from.acronyms {
                let one = SideKeys {
                    acronyms: vec![g.clone()],
                    ..SideKeys::default()
                };
                if !one.acronyms_in(to) {
                    out.push(format!("acronym {} not in {side}", g.join("/")));
                }
            }
            if names {
                for g in &from.names {
                    let one = SideKeys {
                        names: vec![g.clone()],
                        ..SideKeys::default()
                    };
                    if !one.names_in(to) {
                        out.push(format!("name {} not in {side}", g.join("/")));
                    }
                }
            }
        }
    }
    out.dedup();
    out
}
