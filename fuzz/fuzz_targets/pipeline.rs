//! Fuzzes read + plan + emit on an in-memory project.
//!
//! Input: NUL-separated chunks: `uv.lock`, `pyproject.toml`, then any number
//! of `relative/path\ncontent` files (members' `pyproject.toml`, `uv.toml`).
//! `scripts/fuzz-seed` writes seeds in this form; `tests/fuzz_regressions.rs`
//! replays saved inputs with the same decoding.

#![no_main]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use libfuzzer_sys::fuzz_target;
use uv2nix_authentik::emit::{self, Strategy};
use uv2nix_authentik::plan::{self, Glibc, System, Target};
use uv2nix_authentik::read;

/// Splits an input into the project's files under `dir`.
fn decode(data: &[u8], dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    for (i, chunk) in data.split(|&b| b == 0).enumerate() {
        let (name, body) = match i {
            0 => ("uv.lock".into(), chunk),
            1 => ("pyproject.toml".into(), chunk),
            _ => {
                let nl = chunk
                    .iter()
                    .position(|&b| b == b'\n')
                    .unwrap_or(chunk.len());
                let body = chunk.get(nl + 1..).unwrap_or_default();
                (String::from_utf8_lossy(&chunk[..nl]).into_owned(), body)
            }
        };
        files.insert(dir.join(name), body.to_vec());
    }
    files
}

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
