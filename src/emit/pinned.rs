//! The data of the pinned strategy: every selected artifact with the lock's
//! own hash, the wheels each system installs, and the sdists built in Nix.

use std::collections::BTreeMap;
use std::collections::btree_map::Entry;

use serde::Serialize;

use crate::plan::{Plan, Selected};
use crate::read::lock::{Artifact, ArtifactLocation, Sha256};
use crate::recipes::{self, Recipes};

/// `lib.fakeHash`, for an artifact the lock gives no hash for.
const FAKE_HASH: &str = "sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

#[derive(Debug, Default, Serialize)]
pub struct PinnedContext {
    /// The entries of `artifacts`, one per file, sorted by file.
    pub artifacts: Vec<ArtifactContext>,
    pub sdists: Vec<SdistContext>,
    /// The entries of `commonWheels`: wheels every system installs, the same
    /// file everywhere.
    pub common_wheels: Vec<WheelContext>,
    /// Per system (in plan order): its other wheels.
    pub wheels: Vec<Vec<WheelContext>>,
}

/// An artifact's entry: fetched by URL and hash, or else from a path.
#[derive(Debug, Serialize)]
pub struct ArtifactContext {
    pub file: String,
    pub url: Option<String>,
    /// Set exactly when `url` is.
    pub hash: Option<String>,
    pub path: Option<String>,
}

/// A wheel a system installs: package name -> file.
#[derive(Debug, Clone, Serialize)]
pub struct WheelContext {
    pub name: String,
    pub file: String,
}

#[derive(Debug, Serialize)]
pub struct SdistContext {
    pub name: String,
    pub version: String,
    /// The artifact's file, or `None` for a local directory.
    pub file: Option<String>,
    pub path: Option<String>,
    pub build_system: Vec<String>,
    pub locked_build_requires: Vec<String>,
}

/// An artifact's entry: where it is fetched from.
enum Fetch<'a> {
    Url { url: &'a str, hash: String },
    Path(&'a str),
}

/// A wheel a system installs.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Wheel<'a> {
    name: &'a str,
    file: &'a str,
}

/// Builds the pinned data for `plans`; warnings name artifacts without a hash.
pub fn build(plans: &[Plan], recipes: &Recipes, warnings: &mut Vec<String>) -> PinnedContext {
    let mut artifacts: BTreeMap<&str, Fetch<'_>> = BTreeMap::new();
    let mut sdists: BTreeMap<String, SdistContext> = BTreeMap::new();
    let mut wheels: Vec<Vec<Wheel<'_>>> = Vec::new();
    for plan in plans {
        let mut system_wheels = Vec::new();
        for p in &plan.packages {
            let name: &str = p.name.as_ref();
            match &p.selected {
                Selected::Wheel { artifact, .. } => {
                    add_artifact(&mut artifacts, name, artifact, warnings);
                    system_wheels.push(Wheel {
                        name,
                        file: artifact.filename(),
                    });
                }
                Selected::Sdist { artifact, .. } => {
                    add_artifact(&mut artifacts, name, artifact, warnings);
                    sdists
                        .entry(name.to_string())
                        .or_insert_with(|| sdist(recipes, name, &p.version, Some(artifact), None));
                }
                Selected::Directory { path } => {
                    sdists
                        .entry(name.to_string())
                        .or_insert_with(|| sdist(recipes, name, &p.version, None, Some(path)));
                }
                Selected::Git(_) => {}
            }
        }
        wheels.push(system_wheels);
    }
    // Each list is sorted by package name, one wheel per name (as the plans' packages).
    let installs = |list: &[Wheel<'_>], w: &Wheel<'_>| {
        list.binary_search_by(|x| x.name.cmp(w.name))
            .is_ok_and(|i| list[i] == *w)
    };
    let common: Vec<Wheel<'_>> = wheels
        .first()
        .map(|first| {
            first
                .iter()
                .filter(|w| wheels.iter().all(|system| installs(system, w)))
                .copied()
                .collect()
        })
        .unwrap_or_default();
    let per_system = wheels
        .iter()
        .map(|system| {
            let own = system.iter().filter(|w| !installs(&common, w));
            own.map(Wheel::context).collect()
        })
        .collect();
    let artifacts = artifacts
        .into_iter()
        .map(|(file, fetch)| {
            let (url, hash, path) = match fetch {
                Fetch::Url { url, hash } => (Some(url.to_string()), Some(hash), None),
                Fetch::Path(path) => (None, None, Some(path.to_string())),
            };
            ArtifactContext {
                file: file.to_string(),
                url,
                hash,
                path,
            }
        })
        .collect();
    PinnedContext {
        artifacts,
        sdists: sdists.into_values().collect(),
        common_wheels: common.iter().map(Wheel::context).collect(),
        wheels: per_system,
    }
}

impl Wheel<'_> {
    fn context(&self) -> WheelContext {
        WheelContext {
            name: self.name.to_string(),
            file: self.file.to_string(),
        }
    }
}

fn sdist(
    recipes: &Recipes,
    name: &str,
    version: &str,
    artifact: Option<&Artifact>,
    path: Option<&String>,
) -> SdistContext {
    let recipe = recipes.native(name);
    SdistContext {
        name: name.to_string(),
        version: version.to_string(),
        file: artifact.map(|a| a.filename().to_string()),
        path: path.cloned(),
        build_system: recipe.map_or_else(
            || {
                recipes::GENERIC_BUILD_SYSTEM
                    .iter()
                    .map(|s| s.to_string())
                    .collect()
            },
            |r| r.build_system.clone(),
        ),
        locked_build_requires: recipe.map_or_else(Vec::new, |r| r.locked_build_requires.clone()),
    }
}

fn add_artifact<'a>(
    artifacts: &mut BTreeMap<&'a str, Fetch<'a>>,
    name: &str,
    artifact: &'a Artifact,
    warnings: &mut Vec<String>,
) {
    let Entry::Vacant(entry) = artifacts.entry(artifact.filename()) else {
        return;
    };
    let fetch = match (&artifact.location, &artifact.sha256) {
        (ArtifactLocation::Path(path), _) => Fetch::Path(path),
        (ArtifactLocation::Url(url), Some(hex)) => Fetch::Url {
            url,
            hash: sri(hex),
        },
        (ArtifactLocation::Url(url), None) => {
            warnings.push(super::warnings::missing_hash(name, artifact.filename()));
            Fetch::Url {
                url,
                hash: FAKE_HASH.to_string(),
            }
        }
    };
    entry.insert(fetch);
}

/// `sha256-<base64>`, as Nix writes hashes.
pub fn sri(digest: &Sha256) -> String {
    let mut sri = String::with_capacity(51);
    sri.push_str("sha256-");
    base64(&mut sri, &digest.0);
    sri
}

/// Appends the padded base64 of `bytes` to `out`.
fn base64(out: &mut String, bytes: &[u8]) {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for chunk in bytes.chunks(3) {
        let n = (u32::from(chunk[0]) << 16)
            | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
            | u32::from(*chunk.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sri_of_the_empty_string() {
        let digest = |hex| Sha256::from_hex(hex).expect("64 hex digits");
        assert_eq!(
            sri(&digest(
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
            )),
            "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
        );
    }

    #[test]
    fn base64_pads() {
        let encode = |bytes: &[u8]| {
            let mut out = String::new();
            base64(&mut out, bytes);
            out
        };
        assert_eq!(encode(b"f"), "Zg==");
        assert_eq!(encode(b"fo"), "Zm8=");
        assert_eq!(encode(b"foo"), "Zm9v");
    }

    #[test]
    fn sri_reads_every_hex_digit() {
        assert_eq!(
            sri(&Sha256::from_hex(
                "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1E1F"
            )
            .expect("64 hex digits")),
            "sha256-AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="
        );
    }
}
