//! The fuzz input format, shared by the fuzz target and
//! `tests/fuzz_regressions.rs`: NUL-separated chunks, `uv.lock`,
//! `pyproject.toml`, then `relative/path\ncontent` files (TOML holds no NUL).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Splits an input into the project's files under `dir`.
pub fn decode(data: &[u8], dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
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
