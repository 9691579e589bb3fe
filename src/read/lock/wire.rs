//! The `uv.lock` file as it is written: serde structs with the spans of the
//! values that errors point at, checked into the model by [`super::convert`].

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(super) struct LockWire {
    pub version: Spanned<u32>,
    pub revision: Option<Spanned<u32>>,
    pub requires_python: Option<Spanned<String>>,
    pub manifest: Option<ManifestWire>,
    #[serde(rename = "package", default)]
    pub packages: Vec<Spanned<PackageWire>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(super) struct ManifestWire {
    #[serde(default)]
    pub members: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(super) struct PackageWire {
    pub name: Spanned<String>,
    pub version: Option<Spanned<String>>,
    pub source: Spanned<SourceWire>,
    #[serde(default)]
    pub dependencies: Vec<Spanned<DependencyWire>>,
    #[serde(default)]
    pub optional_dependencies: BTreeMap<String, Vec<Spanned<DependencyWire>>>,
    #[serde(default)]
    pub dev_dependencies: BTreeMap<String, Vec<Spanned<DependencyWire>>>,
    pub sdist: Option<Spanned<ArtifactWire>>,
    #[serde(default)]
    pub wheels: Vec<Spanned<ArtifactWire>>,
}

/// `source = { registry = "..." }` and its siblings; exactly one kind is set.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(super) struct SourceWire {
    pub registry: Option<String>,
    pub git: Option<String>,
    pub url: Option<String>,
    pub path: Option<String>,
    pub directory: Option<String>,
    pub editable: Option<String>,
    #[serde(rename = "virtual")]
    pub virtual_: Option<String>,
    pub subdirectory: Option<String>,
    /// Any key uv may add later; an unknown kind is reported, not ignored.
    #[serde(flatten)]
    pub other: BTreeMap<String, toml::Value>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(super) struct DependencyWire {
    pub name: String,
    pub version: Option<String>,
    pub source: Option<SourceWire>,
    pub marker: Option<String>,
    #[serde(default)]
    pub extra: Vec<String>,
}

/// An sdist or a wheel (sdists have no `filename`).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(super) struct ArtifactWire {
    pub url: Option<String>,
    pub path: Option<String>,
    pub filename: Option<String>,
    pub hash: Option<String>,
}
