//! Fuzzes read + plan + emit on an in-memory project.
//!
//! Input: NUL-separated chunks: `uv.lock`, `pyproject.toml`, then any number
//! of `relative/path\ncontent` files (members' `pyproject.toml`, `uv.toml`).
//! `scripts/fuzz-seed` writes seeds in this form; `tests/fuzz_regressions.rs`
//! replays saved inputs with the same decoding.

#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use uv2nix_authentik::emit::{self, Strategy};
use uv2nix_authentik::plan::{self, Glibc, System, Target};
use uv2nix_authentik::read;

#[path = "../decode.rs"]
mod decode;
use decode::decode;

/// Runs the whole pipeline; errors are fine, only panics matter.
fn pipeline(data: &[u8]) {
    let dir = Path::new("/project");
    let Ok(inputs) = read::read_project_from(&decode(data, dir), dir) else {
        return;
    };
    let Ok(python) = plan::choose_python(&inputs, None) else {
        return;
    };
    let target = |system| Target {
        python,
        system,
        glibc: Glibc::DEFAULT,
    };
    let Ok(plans) = System::ALL
        .iter()
        .map(|&system| plan::plan(&inputs, target(system)))
        .collect::<Result<Vec<_>, _>>()
    else {
        return;
    };
    for strategy in [Strategy::UvSync, Strategy::Pinned] {
        let _ = emit::flake(
            &inputs,
            &plans,
            strategy,
            "uv2nix-authentik gen > flake.nix",
        );
    }
}

fuzz_target!(|data: &[u8]| pipeline(data));
