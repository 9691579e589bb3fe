//! The `uv.lock` file as it is written: private serde structs, checked into
//! [`super::lock`] domain types by `TryFrom`-style conversion.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(super) struct LockWire<'a> {
    pub version: Spanned<u32>,
    pub revision: Option<Spanned<u32>>,
    pub requires_python: Option<Spanned<String>>,
    pub manifest: Option<ManifestWire>,
    /// Absent when only the header was parsed.
    #[serde(rename = "package", borrow)]
    pub packages: Option<Vec<Spanned<PackageWire<'a>>>>,
}

/// A run of `[[package]]` tables cut from the lock (see `lock_split`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PackagesWire<'a> {
    #[serde(rename = "package", borrow)]
    pub packages: Vec<Spanned<PackageWire<'a>>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(super) struct ManifestWire {
    #[serde(default)]
    pub members: Vec<String>,
}

/// Strings the fast reader borrows from the lock; `toml` gives them owned.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(super) struct PackageWire<'a> {
    pub name: Spanned<String>,
    pub version: Option<Spanned<String>>,
    pub source: Spanned<SourceWire>,
    #[serde(default, borrow)]
    pub dependencies: Vec<Spanned<DependencyWire<'a>>>,
    #[serde(default, borrow)]
    pub optional_dependencies: BTreeMap<String, Vec<Spanned<DependencyWire<'a>>>>,
    #[serde(default, borrow)]
    pub dev_dependencies: BTreeMap<String, Vec<Spanned<DependencyWire<'a>>>>,
    #[serde(borrow)]
    pub sdist: Option<Spanned<SdistWire<'a>>>,
    #[serde(default, borrow)]
    pub wheels: Vec<Spanned<WheelWire<'a>>>,
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
pub(super) struct DependencyWire<'a> {
    #[serde(borrow)]
    pub name: Cow<'a, str>,
    pub version: Option<String>,
    pub source: Option<SourceWire>,
    #[serde(borrow)]
    pub marker: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    pub extra: Vec<Cow<'a, str>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(super) struct SdistWire<'a> {
    #[serde(borrow)]
    pub url: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub path: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub hash: Option<Cow<'a, str>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(super) struct WheelWire<'a> {
    #[serde(borrow)]
    pub url: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub path: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub filename: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub hash: Option<Cow<'a, str>>,
}
