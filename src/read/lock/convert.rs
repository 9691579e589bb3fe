//! The wire structs checked into the model: names normalised, versions
//! parsed, sources classified, hostile values refused. Errors carry the byte
//! offset of the value; [`Invalid::at`] turns it into a file location.

use std::collections::BTreeMap;
use std::ops::Range;
use std::str::FromStr;

use pep440_rs::{Version, VersionSpecifiers};
use pep508_rs::{ExtraName, MarkerTree, PackageName};
use toml::Spanned;

use super::edges::{self, Node, PendingEdge};
use super::wire::{ArtifactWire, DependencyWire, LockWire, PackageWire, SourceWire};
use super::{Artifact, ArtifactLocation, GitSource, Lock, Package, Sha256, Source};
use crate::read::checks::{self, Refusal};
use crate::read::error::ReadError;
use crate::read::toml_file::TomlFile;

/// Lock file versions this tool understands.
const SUPPORTED_VERSION: u32 = 1;
/// Revisions 4 and 5 (uv 0.13) keep the fields this tool reads.
const SUPPORTED_REVISIONS: std::ops::RangeInclusive<u32> = 1..=5;

const RELOCK: &str = "regenerate the lock with `uv lock`";
pub(super) const INCONSISTENT: &str = "the lock is inconsistent: regenerate it with `uv lock`";

/// Why the lock cannot be used, at a byte offset of the file.
#[derive(Debug)]
pub(super) enum Invalid {
    /// A value that is wrong where it is.
    Value {
        at: usize,
        message: String,
        help: String,
    },
    /// A package locked twice with the same version and source.
    Duplicate {
        at: usize,
        first: usize,
        package: String,
    },
}

impl Invalid {
    pub(super) fn value(span: Range<usize>, message: impl Into<String>, help: &str) -> Self {
        Self::Value {
            at: span.start,
            message: message.into(),
            help: help.to_string(),
        }
    }

    fn refusal(span: Range<usize>, (message, help): Refusal) -> Self {
        Self::value(span, message, help)
    }

    /// The error, located in `file`.
    pub(super) fn at(self, file: &TomlFile<'_>) -> ReadError {
        match self {
            Self::Value { at, message, help } => {
                ReadError::invalid(file.location(at), message, help)
            }
            Self::Duplicate { at, first, package } => ReadError::invalid(
                file.location(at),
                format!(
                    "package {package} is locked twice with the same source (first at line {})",
                    file.location(first).line
                ),
                INCONSISTENT,
            ),
        }
    }
}

/// The checked lock of `wire`, read from `file`.
pub(super) fn lock(wire: LockWire, file: &TomlFile<'_>) -> Result<Lock, Invalid> {
    let version = *wire.version.get_ref();
    if version != SUPPORTED_VERSION {
        return Err(Invalid::value(
            wire.version.span(),
            format!(
                "unsupported lock file version {version} (this tool reads version {SUPPORTED_VERSION})"
            ),
            "regenerate the lock with a uv release that writes version 1 (`uv lock`), or upgrade uv2nix-authentik",
        ));
    }
    if let Some(revision) = &wire.revision {
        let r = *revision.get_ref();
        if !SUPPORTED_REVISIONS.contains(&r) {
            return Err(Invalid::value(
                revision.span(),
                format!("unsupported lock file revision {r} (this tool reads revisions 1 to 5)"),
                "upgrade uv2nix-authentik, or regenerate the lock with an older uv",
            ));
        }
    }
    let requires_python = wire
        .requires_python
        .as_ref()
        .map(|spec| {
            VersionSpecifiers::from_str(spec.get_ref()).map_err(|e| {
                Invalid::value(
                    spec.span(),
                    format!("invalid requires-python {:?}: {e}", spec.get_ref()),
                    RELOCK,
                )
            })
        })
        .transpose()?;
    let members = wire
        .manifest
        .unwrap_or_default()
        .members
        .iter()
        .filter_map(|m| PackageName::from_str(m).ok())
        .collect();
    let nodes = wire
        .packages
        .into_iter()
        .map(Node::try_from)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Lock {
        requires_python,
        requires_python_at: wire
            .requires_python
            .as_ref()
            .map(|spec| file.location(spec.span().start)),
        members,
        packages: edges::resolve(nodes)?,
    })
}

impl TryFrom<Spanned<PackageWire>> for Node {
    type Error = Invalid;

    fn try_from(spanned: Spanned<PackageWire>) -> Result<Self, Invalid> {
        let table = spanned.span().start;
        let wire = spanned.into_inner();
        let name = PackageName::from_str(wire.name.get_ref()).map_err(|e| {
            Invalid::value(
                wire.name.span(),
                format!("invalid package name {:?}: {e}", wire.name.get_ref()),
                RELOCK,
            )
        })?;
        let version = wire
            .version
            .as_ref()
            .map(|v| {
                Version::from_str(v.get_ref()).map_err(|e| {
                    Invalid::value(
                        v.span(),
                        format!("invalid version {:?} of {name}: {e}", v.get_ref()),
                        RELOCK,
                    )
                })
            })
            .transpose()?;
        let source = source(wire.source.get_ref(), wire.source.span())?;
        checks::source(&name, &source).map_err(|r| Invalid::refusal(wire.source.span(), r))?;
        let sdist = wire
            .sdist
            .map(|s| artifact(&name, s, Kind::Sdist))
            .transpose()?;
        let wheels = wire
            .wheels
            .into_iter()
            .map(|w| artifact(&name, w, Kind::Wheel))
            .collect::<Result<Vec<_>, _>>()?;
        let dependencies = pending_edges(wire.dependencies)?;
        let optional_dependencies = wire
            .optional_dependencies
            .into_iter()
            .map(|(extra, deps)| {
                let extra = ExtraName::from_str(&extra).map_err(|e| {
                    Invalid::value(
                        wire.name.span(),
                        format!("invalid extra name {extra:?} of {name}: {e}"),
                        RELOCK,
                    )
                })?;
                Ok((extra, pending_edges(deps)?))
            })
            .collect::<Result<_, Invalid>>()?;
        let groups = wire
            .dev_dependencies
            .into_iter()
            .map(|(group, deps)| Ok((super::normalize_group(&group), pending_edges(deps)?)))
            .collect::<Result<_, Invalid>>()?;
        Ok(Node {
            version: wire.version.map(Spanned::into_inner),
            dependencies,
            optional_dependencies,
            groups,
            package: Package {
                name,
                display_version: version
                    .as_ref()
                    .map_or_else(|| "0".to_string(), ToString::to_string),
                version,
                source,
                dependencies: Vec::new(),
                optional_dependencies: BTreeMap::new(),
                groups: BTreeMap::new(),
                sdist,
                wheels,
            },
            table,
        })
    }
}

impl TryFrom<Spanned<DependencyWire>> for PendingEdge {
    type Error = Invalid;

    /// A dependency edge with its name, source, marker and extras checked.
    fn try_from(spanned: Spanned<DependencyWire>) -> Result<Self, Invalid> {
        let span = spanned.span();
        let wire = spanned.into_inner();
        let name = PackageName::from_str(&wire.name).map_err(|e| {
            Invalid::value(
                span.clone(),
                format!("invalid dependency name {:?}: {e}", wire.name),
                INCONSISTENT,
            )
        })?;
        let source = wire
            .source
            .as_ref()
            .map(|s| source(s, span.clone()))
            .transpose()?;
        let marker = match &wire.marker {
            None => MarkerTree::TRUE,
            Some(m) => MarkerTree::from_str(m).map_err(|e| {
                Invalid::value(
                    span.clone(),
                    format!("invalid marker {m:?} on dependency `{name}`: {e}"),
                    INCONSISTENT,
                )
            })?,
        };
        let extras = wire
            .extra
            .iter()
            .map(|e| {
                ExtraName::from_str(e).map_err(|err| {
                    Invalid::value(
                        span.clone(),
                        format!("invalid extra {e:?} on dependency `{name}`: {err}"),
                        INCONSISTENT,
                    )
                })
            })
            .collect::<Result<_, _>>()?;
        Ok(PendingEdge {
            name,
            version: wire.version,
            source,
            marker,
            extras,
            at: span.start,
        })
    }
}

fn pending_edges(deps: Vec<Spanned<DependencyWire>>) -> Result<Vec<PendingEdge>, Invalid> {
    deps.into_iter().map(PendingEdge::try_from).collect()
}

/// The source `wire`, written at `span`.
fn source(wire: &SourceWire, span: Range<usize>) -> Result<Source, Invalid> {
    let kinds: Vec<(&str, &String)> = [
        ("registry", &wire.registry),
        ("git", &wire.git),
        ("url", &wire.url),
        ("path", &wire.path),
        ("directory", &wire.directory),
        ("editable", &wire.editable),
        ("virtual", &wire.virtual_),
    ]
    .into_iter()
    .filter_map(|(kind, value)| value.as_ref().map(|v| (kind, v)))
    .collect();
    let unknown: Vec<&str> = wire.other.keys().map(String::as_str).collect();
    let [(kind, value)] = kinds.as_slice() else {
        let found = if kinds.is_empty() && !unknown.is_empty() {
            format!("unknown source kind `{}`", unknown.join("`, `"))
        } else if kinds.is_empty() {
            "source names no kind".to_string()
        } else {
            format!(
                "source has several kinds: {}",
                kinds.iter().map(|(k, _)| *k).collect::<Vec<_>>().join(", ")
            )
        };
        return Err(Invalid::value(
            span,
            found,
            "a source is one of registry, git, url, path, directory, editable or virtual; regenerate the lock with `uv lock`, or upgrade uv2nix-authentik if uv added a new kind",
        ));
    };
    if let Some(key) = unknown.first() {
        return Err(Invalid::value(
            span,
            format!("unknown key `{key}` in a {kind} source"),
            "upgrade uv2nix-authentik if uv added it, or regenerate the lock with `uv lock`",
        ));
    }
    let value = (*value).clone();
    Ok(match *kind {
        "registry" => Source::Registry(value),
        "git" => Source::Git(parse_git(&value).ok_or_else(|| {
            Invalid::value(
                span.clone(),
                format!("git source {value:?} has no commit after `#`"),
                RELOCK,
            )
        })?),
        "url" => Source::Url {
            url: value,
            subdirectory: wire.subdirectory.clone(),
        },
        "path" => Source::Path(value),
        "directory" => Source::Directory(value),
        "editable" => Source::Editable(value),
        _ => Source::Virtual(value),
    })
}

/// Which artifact table: an sdist's `filename` is not read (uv writes none).
#[derive(Clone, Copy)]
enum Kind {
    Sdist,
    Wheel,
}

/// The sdist or wheel of package `name`.
fn artifact(
    name: &PackageName,
    spanned: Spanned<ArtifactWire>,
    kind: Kind,
) -> Result<Artifact, Invalid> {
    let span = spanned.span();
    let wire = spanned.into_inner();
    let location = match (wire.url, wire.path) {
        (Some(url), _) => ArtifactLocation::Url(url),
        (None, Some(path)) => ArtifactLocation::Path(path),
        (None, None) => {
            return Err(Invalid::value(
                span,
                format!("an artifact of {name} has neither `url` nor `path`"),
                RELOCK,
            ));
        }
    };
    let sha256 = match wire.hash {
        None => None,
        Some(hash) => Some(
            hash.strip_prefix("sha256:")
                .and_then(Sha256::from_hex)
                .ok_or_else(|| {
                    Invalid::value(
                        span.clone(),
                        format!(
                            "hash {hash:?} of {name} is not `sha256:` followed by 64 hex digits"
                        ),
                        RELOCK,
                    )
                })?,
        ),
    };
    let filename = match (kind, wire.filename) {
        (Kind::Wheel, Some(filename)) => filename,
        _ => basename(&location),
    };
    let artifact = Artifact {
        location,
        filename,
        sha256,
    };
    checks::artifact(name, &artifact).map_err(|r| Invalid::refusal(span, r))?;
    Ok(artifact)
}

/// `git+https://host/repo?rev=abc#<commit>` split into its parts.
pub(super) fn parse_git(value: &str) -> Option<GitSource> {
    let value = value.strip_prefix("git+").unwrap_or(value);
    let (rest, commit) = value.rsplit_once('#')?;
    if commit.is_empty() {
        return None;
    }
    let (url, query) = rest.split_once('?').unwrap_or((rest, ""));
    let mut reference = None;
    let mut subdirectory = None;
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (key, val) = pair.split_once('=').unwrap_or((pair, ""));
        match key {
            "rev" | "tag" | "branch" => reference = Some((key.to_string(), val.to_string())),
            "subdirectory" => subdirectory = Some(val.to_string()),
            _ => {}
        }
    }
    Some(GitSource {
        url: url.to_string(),
        reference,
        commit: commit.to_string(),
        subdirectory,
    })
}

/// The file name at the end of an artifact's URL (percent-decoded, as uv
/// reads it: `torch-2.5.1%2Bcpu-...whl` is `torch-2.5.1+cpu-...whl`) or path.
pub(super) fn basename(location: &ArtifactLocation) -> String {
    let s = match location {
        ArtifactLocation::Url(u) => u.split(['?', '#']).next().unwrap_or_default(),
        ArtifactLocation::Path(p) => p.as_str(),
    };
    let name = s.rsplit('/').next().unwrap_or_default();
    match location {
        ArtifactLocation::Url(_) if name.contains('%') => percent_decode(name),
        _ => name.to_string(),
    }
}

/// `%XX` escapes decoded; text that does not decode to UTF-8 stays as it is.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}
