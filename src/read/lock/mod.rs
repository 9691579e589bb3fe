//! The checked model of `uv.lock`: names normalised, versions parsed, sources
//! classified, and every dependency edge resolved to the package it names.

mod convert;
mod edges;
mod wire;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use pep440_rs::{Version, VersionSpecifiers};
use pep508_rs::{ExtraName, MarkerTree, PackageName};

use super::error::ReadError;
use super::location::Location;
use super::toml_file::TomlFile;

/// A parsed and checked `uv.lock`.
#[derive(Debug, Clone)]
pub struct Lock {
    pub requires_python: Option<VersionSpecifiers>,
    /// Where `requires-python` is written, for errors about it.
    pub requires_python_at: Option<Location>,
    /// Workspace members named in `[manifest]` (the root project included).
    pub members: BTreeSet<PackageName>,
    /// Packages in lock order.
    pub packages: Vec<Package>,
}

/// Index of a package in [`Lock::packages`].
pub type PackageId = usize;

/// One `[[package]]` entry.
#[derive(Debug, Clone)]
pub struct Package {
    pub name: PackageName,
    pub version: Option<Version>,
    /// `version` as text, or `"0"` for sources without one (virtual projects).
    display_version: String,
    pub source: Source,
    pub dependencies: Vec<Dependency>,
    pub optional_dependencies: BTreeMap<ExtraName, Vec<Dependency>>,
    /// `[package.dev-dependencies]`: dependency groups, by normalised group name.
    pub groups: BTreeMap<String, Vec<Dependency>>,
    pub sdist: Option<Artifact>,
    pub wheels: Vec<Artifact>,
}

impl Package {
    /// The version as text, or `"0"` for sources without one (virtual projects).
    pub fn version_str(&self) -> &str {
        &self.display_version
    }
}

/// Where a package comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Registry(String),
    Git(GitSource),
    Url {
        url: String,
        subdirectory: Option<String>,
    },
    Path(String),
    Directory(String),
    Editable(String),
    Virtual(String),
}

/// A git source pinned to a commit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GitSource {
    /// The repository URL without the `git+` prefix, query or fragment.
    pub url: String,
    /// `rev`, `tag` or `branch` as requested, if any.
    pub reference: Option<(String, String)>,
    /// The full commit hash uv resolved.
    pub commit: String,
    pub subdirectory: Option<String>,
}

impl std::fmt::Display for GitSource {
    /// As uv writes it: `URL[?KIND=VALUE]#COMMIT`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.url)?;
        if let Some((kind, value)) = &self.reference {
            write!(f, "?{kind}={value}")?;
        }
        write!(f, "#{}", self.commit)
    }
}

/// A wheel or sdist file and how to get it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Artifact {
    /// Remote URL, or a path relative to the project for local files.
    pub location: ArtifactLocation,
    /// A wheel's `filename`, else the last segment of the location, decoded.
    filename: String,
    /// The sha256 the lock gives, if any.
    pub sha256: Option<Sha256>,
}

impl Artifact {
    /// The file's name.
    pub fn filename(&self) -> &str {
        &self.filename
    }
}

/// A sha256 digest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sha256(pub [u8; 32]);

impl Sha256 {
    /// From 64 hex digits of either case; `None` for anything else.
    pub fn from_hex(hex: &str) -> Option<Self> {
        let digit = |d: u8| match d {
            b'0'..=b'9' => Some(d - b'0'),
            b'a'..=b'f' => Some(d - b'a' + 10),
            b'A'..=b'F' => Some(d - b'A' + 10),
            _ => None,
        };
        let (pairs, []) = hex.as_bytes().as_chunks::<2>() else {
            return None;
        };
        let mut bytes = [0u8; 32];
        if pairs.len() != bytes.len() {
            return None;
        }
        for (byte, &[high, low]) in bytes.iter_mut().zip(pairs) {
            *byte = (digit(high)? << 4) | digit(low)?;
        }
        Some(Self(bytes))
    }
}

impl std::fmt::Display for Sha256 {
    /// Lowercase hex.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.iter().try_for_each(|b| write!(f, "{b:02x}"))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArtifactLocation {
    Url(String),
    Path(String),
}

impl ArtifactLocation {
    /// The URL, or the path relative to the project.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Url(u) | Self::Path(u) => u,
        }
    }
}

/// A resolved dependency edge.
#[derive(Debug, Clone)]
pub struct Dependency {
    pub package: PackageId,
    pub marker: MarkerTree,
    pub extras: Vec<ExtraName>,
}

impl Lock {
    /// Parses the text of `uv.lock` read from `path`.
    pub fn parse(path: &Path, text: &str) -> Result<Self, ReadError> {
        let file = TomlFile::new(path, text);
        if text.trim().is_empty() {
            return Err(ReadError::invalid(
                file.location(0),
                "the lock file is empty",
                "run `uv lock` to write it",
            ));
        }
        let wire: wire::LockWire = file.deserialize()?;
        convert::lock(wire, &file).map_err(|e| e.at(&file))
    }
}

/// PEP 735 group names compare like package names.
pub fn normalize_group(group: &str) -> String {
    let mut out = String::with_capacity(group.len());
    let mut last_sep = false;
    for c in group.chars() {
        if matches!(c, '-' | '_' | '.') {
            if !last_sep {
                out.push('-');
            }
            last_sep = true;
        } else {
            out.extend(c.to_lowercase());
            last_sep = false;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::convert::{basename, parse_git};
    use super::*;

    #[test]
    fn git_source_parts() {
        let g = parse_git("https://github.com/vsoch/oci-python?rev=ceb4#ceb4fcc0").unwrap();
        assert_eq!(g.url, "https://github.com/vsoch/oci-python");
        assert_eq!(g.reference, Some(("rev".into(), "ceb4".into())));
        assert_eq!(g.commit, "ceb4fcc0");
        assert!(parse_git("https://x/y").is_none());
    }

    #[test]
    fn of_several_packages_locked_twice_the_first_in_the_lock_is_named() {
        let table = |name: &str| {
            format!(
                "[[package]]\nname = \"{name}\"\nversion = \"1\"\nsource = {{ registry = \"r\" }}\n\n"
            )
        };
        let text = format!(
            "version = 1\n\n{}{}{}{}",
            table("zzz"),
            table("aaa"),
            table("zzz"),
            table("aaa")
        );
        let error = Lock::parse(Path::new("uv.lock"), &text)
            .expect_err("refused")
            .to_string();
        assert!(
            error.starts_with("uv.lock:13:1: package `zzz` 1 is locked twice with the same source (first at line 3)"),
            "{error}"
        );
    }

    #[test]
    fn file_names_from_urls_are_percent_decoded() {
        let url = |u: &str| basename(&ArtifactLocation::Url(u.to_string()));
        assert_eq!(
            url(
                "https://download.pytorch.org/whl/cpu/torch-2.5.1%2Bcpu-cp312-cp312-linux_x86_64.whl#sha256=x"
            ),
            "torch-2.5.1+cpu-cp312-cp312-linux_x86_64.whl"
        );
        assert_eq!(url("https://h/a%zz%2"), "a%zz%2");
        assert_eq!(url("https://h/a%ff"), "a%ff");
        assert_eq!(
            basename(&ArtifactLocation::Path("w/a%2B.whl".into())),
            "a%2B.whl"
        );
        assert_eq!(url("https://h/p/a.whl?x=/y"), "a.whl");
    }

    #[test]
    fn group_names_normalise() {
        assert_eq!(normalize_group("Docs__Extra.x"), "docs-extra-x");
    }
}
