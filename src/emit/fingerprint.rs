//! The uv-sync strategy's fingerprint of python-deps: what goes into the
//! fixed-output `uv sync`, hashed, so a recorded hash is reset when it changes.

use std::fmt::Write as _;

use crate::plan::System;
use crate::read::sha256_hex;
use crate::recipes::Recipes;

use super::context::FileContext;

/// The fingerprint of everything that goes into the fixed-output `uv sync`
/// (version 2: the output keeps the console scripts, as `#!python`).
pub fn deps_key(
    system: System,
    python: &str,
    flags: &[String],
    files: &[FileContext],
    built: &[String],
    recipes: &Recipes,
) -> String {
    let mut text = format!(
        "uv2nix-authentik python-deps 2\nsystem {system}\npython {python}\nflags {}\n",
        flags.join(" ")
    );
    for f in files {
        let _ = writeln!(text, "file {} {}", f.path, f.sha256); // ok: a String takes any write
    }
    for name in built {
        if let Some(r) = recipes.native(name) {
            let _ = writeln!(text, "recipe {}", r.build_fingerprint()); // ok: a String takes any write
        }
    }
    sha256_hex(text.as_bytes())
}
