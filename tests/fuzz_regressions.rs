//! Replays fuzz inputs through read + plan + emit: every file saved in
//! `tests/fuzz-regressions/` (crashes the `pipeline` fuzz target found) and
//! the seeds `scripts/fuzz-seed` builds from the fixtures. None may panic.
//!
//! Input encoding (`fuzz/decode.rs`, shared with the fuzz target): NUL-separated
//! chunks, `uv.lock`, `pyproject.toml`, then `relative/path\ncontent` files.

mod common;
#[path = "../fuzz/decode.rs"]
mod decode;

use std::fs;
use std::panic;
use std::path::{Path, PathBuf};

use uv2nix_authentik::emit::{self, Strategy};
use uv2nix_authentik::plan::{self, Glibc, System, Target};
use uv2nix_authentik::read;

use decode::decode;

/// Where the project of a decoded input lives (in memory only).
const DIR: &str = "/project";

/// Runs the whole pipeline (as the fuzz target); errors are fine, panics are
/// not. Returns the first error, if any, for the checks on the fixtures.
fn pipeline(data: &[u8]) -> Result<(), String> {
    let dir = Path::new(DIR);
    let inputs = read::read_project_from(&decode(data, dir), dir).map_err(|e| e.to_string())?;
    let python = plan::choose_python(&inputs, None).map_err(|e| e.to_string())?;
    let plans = System::ALL
        .iter()
        .map(|&system| {
            let glibc = Glibc::DEFAULT;
            plan::plan(
                &inputs,
                Target {
                    python,
                    system,
                    glibc,
                },
            )
        })
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| e.to_string())?;
    for strategy in [Strategy::UvSync, Strategy::Pinned] {
        emit::flake(
            &inputs,
            &plans,
            strategy,
            "uv2nix-authentik gen > flake.nix",
        )
        .map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// Runs `data` through the pipeline, turning a panic into its message.
fn replay(data: &[u8]) -> Result<Result<(), String>, String> {
    panic::catch_unwind(|| pipeline(data)).map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic".to_string())
    })
}

/// The project in `dir` encoded as `scripts/fuzz-seed` does: every
/// `pyproject.toml` below the root and `uv.toml` follow the two main files.
fn encode(dir: &Path) -> Vec<u8> {
    let mut extra = Vec::new();
    members(dir, dir, &mut extra);
    if dir.join("uv.toml").is_file() {
        extra.push("uv.toml".to_string());
    }
    extra.sort();
    let mut out = fs::read(dir.join("uv.lock")).expect("uv.lock");
    out.push(0);
    out.extend(fs::read(dir.join("pyproject.toml")).expect("pyproject.toml"));
    for rel in extra {
        out.push(0);
        out.extend(format!("{rel}\n").bytes());
        out.extend(fs::read(dir.join(&rel)).expect("member pyproject.toml"));
    }
    out
}

/// Adds the `pyproject.toml` files strictly below `root`, found under `dir`,
/// to `out` as `/`-separated paths relative to `root`.
fn members(root: &Path, dir: &Path, out: &mut Vec<String>) {
    for entry in fs::read_dir(dir).expect("read_dir") {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            members(root, &path, out);
        } else if dir != root && path.file_name().is_some_and(|n| n == "pyproject.toml") {
            let rel = path.strip_prefix(root).expect("below root");
            let parts: Vec<_> = rel.iter().map(|p| p.to_string_lossy()).collect();
            out.push(parts.join("/"));
        }
    }
}

/// The projects `scripts/fuzz-seed` seeds from: the fixtures, the end-to-end
/// project and, when present, the real authentik lock.
fn seed_projects() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = fs::read_dir(common::repo().join("tests/fixtures"))
        .expect("tests/fixtures")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.join("uv.lock").is_file())
        .collect();
    dirs.sort();
    dirs.push(common::repo().join("tests/e2e/project"));
    if common::authentik().join("uv.lock").is_file() {
        dirs.push(common::authentik());
    }
    dirs
}

#[test]
fn seeds_from_the_fixtures_decode_to_their_files_and_render() {
    let dirs = seed_projects();
    assert!(dirs.len() >= 9, "fixtures missing: {dirs:?}");
    for dir in dirs {
        let data = encode(&dir);
        // The decoded project reads the same files, byte for byte, as the disk.
        let from_disk = read::read_project(&dir).expect("fixture reads");
        let decoded = decode(&data, Path::new(DIR));
        let from_seed = read::read_project_from(&decoded, Path::new(DIR)).expect("seed reads");
        assert_eq!(from_seed.files, from_disk.files, "{}", dir.display());
        match replay(&data) {
            Ok(Ok(())) => {}
            Ok(Err(e)) => panic!("{}: {e}", dir.display()),
            Err(panic) => panic!("{}: panicked: {panic}", dir.display()),
        }
    }
}

#[test]
fn saved_fuzz_inputs_never_panic() {
    let dir = common::repo().join("tests/fuzz-regressions");
    let mut inputs: Vec<PathBuf> = match fs::read_dir(&dir) {
        Ok(entries) => entries.map(|e| e.expect("dir entry").path()).collect(),
        Err(_) => Vec::new(),
    };
    inputs.retain(|p| p.extension().is_none_or(|e| e != "md"));
    inputs.sort();
    let panics: Vec<String> = inputs
        .iter()
        .filter_map(|path| {
            let data = fs::read(path).expect("saved input");
            let panic = replay(&data).err()?;
            Some(format!("{}: {panic}", path.display()))
        })
        .collect();
    assert!(panics.is_empty(), "panics:\n{}", panics.join("\n"));
}
