//! `uv2nix-hashes.json`: the recorded hashes of the fixed-output
//! `python-deps`, keyed by the fingerprint of what goes into it.
//!
//! `gen > flake.nix` truncates the flake before the tool runs, so a hash
//! recorded in the flake itself would be lost; this checked-in file beside
//! it survives, and the flake reads it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The file name, next to `flake.nix`.
pub const FILE: &str = "uv2nix-hashes.json";

/// Why the hashes file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum HashesError {
    #[error(
        "{path}:{line}:{column}: {message}\n  help: fix the JSON, or delete the file and run `uv2nix-authentik hash`"
    )]
    Invalid {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "{0:?} is not an SRI sha256 hash\n  help: write it as Nix prints it, e.g. sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
    )]
    NotSri(String),
}

/// Recorded hashes by fingerprint, in a stable order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DepsHashes {
    entries: BTreeMap<String, String>,
}

impl DepsHashes {
    /// Reads the file in `dir`; a missing file holds no hashes.
    pub fn load(dir: &Path) -> Result<Self, HashesError> {
        let path = dir.join(FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Self::default()),
            Err(source) => return Err(HashesError::Io { path, source }),
        };
        let entries: BTreeMap<String, String> =
            serde_json::from_str(&text).map_err(|e| HashesError::Invalid {
                path: path.clone(),
                line: e.line(),
                column: e.column(),
                message: e.to_string(),
            })?;
        if let Some(bad) = entries.values().find(|v| !is_sri_sha256(v)) {
            return Err(HashesError::NotSri(bad.clone()));
        }
        Ok(Self { entries })
    }

    /// The hash recorded for `key`.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.entries.get(key).map(String::as_str)
    }

    /// Records `hash` for `key`.
    pub fn set(&mut self, key: &str, hash: &str) -> Result<(), HashesError> {
        if !is_sri_sha256(hash) {
            return Err(HashesError::NotSri(hash.to_string()));
        }
        self.entries.insert(key.to_string(), hash.to_string());
        Ok(())
    }

    /// Drops the entries whose key is not in `keys`; returns how many went.
    pub fn retain(&mut self, keys: &BTreeSet<&str>) -> usize {
        let before = self.entries.len();
        self.entries.retain(|k, _| keys.contains(k.as_str()));
        before - self.entries.len()
    }

    /// The file's text: pretty JSON, sorted, with a final newline.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(&self.entries).expect("strings serialise"); // ok: a map of strings always serialises
        text.push('\n');
        text
    }

    /// Writes the file in `dir` when its content changes; an empty set
    /// removes nothing and creates nothing.
    pub fn save(&self, dir: &Path) -> Result<bool, HashesError> {
        let path = dir.join(FILE);
        let old = std::fs::read_to_string(&path).ok();
        if old.is_none() && self.entries.is_empty() {
            return Ok(false);
        }
        let text = self.to_json();
        if old.as_deref() == Some(text.as_str()) {
            return Ok(false);
        }
        crate::output::write_atomic(&path, text.as_bytes())
            .map_err(|source| HashesError::Io { path, source })?;
        Ok(true)
    }
}

/// Whether `s` is `sha256-` and 44 base64 characters.
pub fn is_sri_sha256(s: &str) -> bool {
    s.strip_prefix("sha256-").is_some_and(|b64| {
        b64.len() == 44
            && b64.ends_with('=')
            && b64[..43]
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || c == b'+' || c == b'/')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sri_shape() {
        assert!(is_sri_sha256(
            "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
        ));
        assert!(!is_sri_sha256("sha256-47DEQpj8"));
        assert!(!is_sri_sha256(
            "sha512-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
        ));
    }

    #[test]
    fn round_trip_prunes_and_sorts() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut h = DepsHashes::default();
        h.set("b", "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=")
            .expect("sri");
        h.set("a", "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=")
            .expect("sri");
        assert_eq!(h.retain(&BTreeSet::from(["a"])), 1);
        assert!(h.save(dir.path()).expect("save"));
        assert!(!h.save(dir.path()).expect("unchanged"));
        assert_eq!(DepsHashes::load(dir.path()).expect("load"), h);
    }
}
