//! The checked model of `uv.lock`: names normalised, versions parsed, sources
//! classified, and every dependency edge resolved to the package it names.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::Path;
use std::str::FromStr;

use toml::Spanned;

use pep440_rs::{Version, VersionSpecifiers};
use pep508_rs::{ExtraName, MarkerTree, PackageName};

use super::checks::{self, Refusal};
use super::error::ReadError;
use super::location::Location;
use super::lock_fast;
use super::lock_split;
use super::lock_wire::{
    DependencyWire, LockWire, PackageWire, PackagesWire, SdistWire, SourceWire, WheelWire,
};
use super::toml_file::TomlFile;
use crate::scan;

/// Lock file versions this tool understands.
const SUPPORTED_VERSION: u32 = 1;
/// Revisions 4 and 5 (uv 0.13) keep the fields this tool reads.
const SUPPORTED_REVISIONS: std::ops::RangeInclusive<u32> = 1..=5;

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
    name: FileName,
    /// The sha256 the lock gives, if any.
    pub sha256: Option<Sha256>,
}

/// Where an artifact's file name is: most are the last segment of the
/// location as written, and only the others take a String of their own.
#[derive(Debug, Clone, PartialEq, Eq)]
enum FileName {
    /// These bytes of the location.
    In(Range<usize>),
    /// A `filename` key, or a name with percent escapes, decoded.
    Own(String),
}

impl Artifact {
    /// The file's name.
    pub fn filename(&self) -> &str {
        match &self.name {
            FileName::In(range) => &self.location.as_str()[range.clone()],
            FileName::Own(name) => name,
        }
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
    ///
    /// Large locks are cut into runs of packages that parse on several
    /// threads; the result, and any error, is the same as parsing the whole.
    pub fn parse(path: &Path, text: &str) -> Result<Self, ReadError> {
        let file = TomlFile::new(path, text);
        if text.trim().is_empty() {
            return Err(ReadError::invalid(
                file.location(0),
                "the lock file is empty",
                "run `uv lock` to write it",
            ));
        }
        let (header, nodes) = match parse_pieces(&file, PIECE_BYTES) {
            Some(parsed) => parsed?,
            None => parse_whole(&file)?,
        };
        LockBuilder::new(&file, 0).build(header, nodes)
    }
}

/// Bytes per piece: small enough to keep the parser's memory in cache.
const PIECE_BYTES: usize = 48 * 1024;
/// Threads that parse a lock, the caller's among them. More do not pay for
/// their start on authentik's 465 KB lock, and two work on one core too.
const THREADS: usize = 2;

fn parse_whole<'a>(file: &TomlFile<'a>) -> Result<(LockWire<'a>, Vec<Node>), ReadError> {
    let mut wire: LockWire = file.deserialize()?;
    let builder = LockBuilder::new(file, 0);
    let nodes = wire
        .packages
        .take()
        .unwrap_or_default()
        .into_iter()
        .map(|p| builder.node(p))
        .collect::<Result<_, _>>()?;
    Ok((wire, nodes))
}

/// The lock parsed piece by piece, or `None` when it must be parsed whole.
fn parse_pieces<'a>(
    file: &TomlFile<'a>,
    piece_bytes: usize,
) -> Option<Result<(LockWire<'a>, Vec<Node>), ReadError>> {
    let pieces = lock_split::split(file.text, piece_bytes)?;
    let header: LockWire = toml::from_str(pieces.header).ok()?;
    if header.packages.is_some() {
        return None;
    }
    let parse = |&(offset, text): &(usize, &str)| -> Option<Result<Vec<Node>, ReadError>> {
        let packages = match lock_fast::packages(text) {
            Some(packages) => packages,
            None => toml::from_str::<PackagesWire>(text).ok()?.packages,
        };
        let builder = LockBuilder::new(file, offset);
        Some(packages.into_iter().map(|p| builder.node(p)).collect())
    };
    let results = crate::parallel::map(&pieces.packages, THREADS, parse);
    // A piece that does not parse on its own: the whole file reports why.
    let results: Vec<Result<Vec<Node>, ReadError>> = results.into_iter().collect::<Option<_>>()?;
    let mut nodes = Vec::new();
    for piece in results {
        match piece {
            Ok(piece) => nodes.extend(piece),
            Err(e) => return Some(Err(e)),
        }
    }
    Some(Ok((header, nodes)))
}

struct LockBuilder<'a> {
    file: &'a TomlFile<'a>,
    /// Where the parsed text starts in the file: spans are relative to it.
    base: usize,
}

/// A package before its dependency edges are resolved.
struct Node {
    package: Package,
    /// The version as written, which dependency edges name.
    version: Option<String>,
    dependencies: Vec<PendingEdge>,
    optional_dependencies: Vec<(ExtraName, Vec<PendingEdge>)>,
    groups: Vec<(String, Vec<PendingEdge>)>,
    /// The byte offset of the package's table in the file.
    table: usize,
}

/// A dependency edge, checked, before it is resolved to a package.
struct PendingEdge {
    name: PackageName,
    version: Option<String>,
    source: Option<Source>,
    marker: MarkerTree,
    extras: Vec<ExtraName>,
    /// The byte offset of the edge in the file.
    at: usize,
}

impl<'a> LockBuilder<'a> {
    fn new(file: &'a TomlFile<'a>, base: usize) -> Self {
        Self { file, base }
    }

    fn at(&self, span: Range<usize>) -> Location {
        self.file.location(self.base + span.start)
    }

    fn refuse(&self, span: Range<usize>, (message, help): Refusal) -> ReadError {
        ReadError::invalid(self.at(span), message, help)
    }

    fn build(&self, wire: LockWire<'_>, nodes: Vec<Node>) -> Result<Lock, ReadError> {
        let version = *wire.version.get_ref();
        if version != SUPPORTED_VERSION {
            return Err(ReadError::invalid(
                self.at(wire.version.span()),
                format!(
                    "unsupported lock file version {version} (this tool reads version {SUPPORTED_VERSION})"
                ),
                "regenerate the lock with a uv release that writes version 1 (`uv lock`), or upgrade uv2nix-authentik",
            ));
        }
        if let Some(revision) = &wire.revision {
            let r = *revision.get_ref();
            if !SUPPORTED_REVISIONS.contains(&r) {
                return Err(ReadError::invalid(
                    self.at(revision.span()),
                    format!(
                        "unsupported lock file revision {r} (this tool reads revisions 1 to 5)"
                    ),
                    "upgrade uv2nix-authentik, or regenerate the lock with an older uv",
                ));
            }
        }
        let requires_python = wire
            .requires_python
            .as_ref()
            .map(|spec| {
                VersionSpecifiers::from_str(spec.get_ref()).map_err(|e| {
                    ReadError::invalid(
                        self.at(spec.span()),
                        format!("invalid requires-python {:?}: {e}", spec.get_ref()),
                        "regenerate the lock with `uv lock`",
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

        // The edges come out first, so that the index can borrow the nodes.
        let mut nodes = nodes;
        let edges: Vec<_> = nodes
            .iter_mut()
            .map(|node| {
                (
                    std::mem::take(&mut node.dependencies),
                    std::mem::take(&mut node.optional_dependencies),
                    std::mem::take(&mut node.groups),
                )
            })
            .collect();
        let index = NameIndex::new(&nodes);
        self.no_duplicates(&index)?;
        let resolved = edges
            .into_iter()
            .map(|(dependencies, optional, groups)| {
                let optional = optional
                    .into_iter()
                    .map(|(extra, deps)| Ok((extra, self.resolve(&index, deps)?)))
                    .collect::<Result<_, ReadError>>()?;
                let groups = groups
                    .into_iter()
                    .map(|(group, deps)| Ok((group, self.resolve(&index, deps)?)))
                    .collect::<Result<_, ReadError>>()?;
                Ok((self.resolve(&index, dependencies)?, optional, groups))
            })
            .collect::<Result<Vec<_>, ReadError>>()?;
        let packages = nodes
            .into_iter()
            .zip(resolved)
            .map(
                |(node, (dependencies, optional_dependencies, groups))| Package {
                    dependencies,
                    optional_dependencies,
                    groups,
                    ..node.package
                },
            )
            .collect();
        Ok(Lock {
            requires_python,
            requires_python_at: wire
                .requires_python
                .as_ref()
                .map(|spec| self.at(spec.span())),
            members,
            packages,
        })
    }

    /// Refuses a package locked twice with the same version and source, at
    /// its second table (the first such table in the lock).
    fn no_duplicates(&self, index: &NameIndex<'_>) -> Result<(), ReadError> {
        let nodes = index.nodes;
        let same = |a: &Node, b: &Node| {
            a.package.version == b.package.version && a.package.source == b.package.source
        };
        // Each run of one name lists its packages in lock order.
        let duplicate = index
            .by_name
            .chunk_by(|a, b| a.0 == b.0)
            .flat_map(|run| {
                run.iter().enumerate().filter_map(|(i, &(_, second))| {
                    run[..i]
                        .iter()
                        .find(|&&(_, first)| same(&nodes[first], &nodes[second]))
                        .map(|&(_, first)| (second, first))
                })
            })
            .min();
        let Some((second, first)) = duplicate else {
            return Ok(());
        };
        let p = &nodes[second].package;
        Err(ReadError::invalid(
            self.file.location(nodes[second].table),
            format!(
                "package `{}` {} is locked twice with the same source (first at line {})",
                p.name,
                p.version_str(),
                self.file.location(nodes[first].table).line
            ),
            "the lock is inconsistent: regenerate it with `uv lock`",
        ))
    }

    fn node(&self, spanned: Spanned<PackageWire<'_>>) -> Result<Node, ReadError> {
        let table = self.base + spanned.span().start;
        let wire = spanned.into_inner();
        let name = PackageName::from_str(wire.name.get_ref()).map_err(|e| {
            ReadError::invalid(
                self.at(wire.name.span()),
                format!("invalid package name {:?}: {e}", wire.name.get_ref()),
                "regenerate the lock with `uv lock`",
            )
        })?;
        let version = wire
            .version
            .as_ref()
            .map(|v| {
                Version::from_str(v.get_ref()).map_err(|e| {
                    ReadError::invalid(
                        self.at(v.span()),
                        format!("invalid version {:?} of {name}: {e}", v.get_ref()),
                        "regenerate the lock with `uv lock`",
                    )
                })
            })
            .transpose()?;
        let source = self.source(wire.source.get_ref(), wire.source.span())?;
        checks::source(&name, &source).map_err(|r| self.refuse(wire.source.span(), r))?;
        let sdist = wire
            .sdist
            .map(|s| {
                let span = s.span();
                self.sdist(&name, s.into_inner(), span)
            })
            .transpose()?;
        let wheels = wire
            .wheels
            .into_iter()
            .map(|w| {
                let span = w.span();
                self.wheel(&name, w.into_inner(), span)
            })
            .collect::<Result<Vec<_>, _>>()?;
        let dependencies = self.pending_edges(&wire.dependencies)?;
        let optional_dependencies = wire
            .optional_dependencies
            .iter()
            .map(|(extra, deps)| {
                let extra = ExtraName::from_str(extra).map_err(|e| {
                    ReadError::invalid(
                        self.at(wire.name.span()),
                        format!("invalid extra name {extra:?} of {name}: {e}"),
                        "regenerate the lock with `uv lock`",
                    )
                })?;
                Ok((extra, self.pending_edges(deps)?))
            })
            .collect::<Result<_, ReadError>>()?;
        let groups = wire
            .dev_dependencies
            .iter()
            .map(|(group, deps)| Ok((normalize_group(group), self.pending_edges(deps)?)))
            .collect::<Result<_, ReadError>>()?;
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

    fn source(&self, wire: &SourceWire, span: Range<usize>) -> Result<Source, ReadError> {
        let mut kinds = Vec::new();
        let mut push = |kind: &'static str, value: &Option<String>| {
            if let Some(v) = value {
                kinds.push((kind, v.clone()));
            }
        };
        push("registry", &wire.registry);
        push("git", &wire.git);
        push("url", &wire.url);
        push("path", &wire.path);
        push("directory", &wire.directory);
        push("editable", &wire.editable);
        push("virtual", &wire.virtual_);
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
            return Err(ReadError::invalid(
                self.at(span),
                found,
                "a source is one of registry, git, url, path, directory, editable or virtual; regenerate the lock with `uv lock`, or upgrade uv2nix-authentik if uv added a new kind",
            ));
        };
        if let Some(key) = unknown.first() {
            return Err(ReadError::invalid(
                self.at(span),
                format!("unknown key `{key}` in a {kind} source"),
                "upgrade uv2nix-authentik if uv added it, or regenerate the lock with `uv lock`",
            ));
        }
        let value = value.clone();
        Ok(match *kind {
            "registry" => Source::Registry(value),
            "git" => Source::Git(parse_git(&value).ok_or_else(|| {
                ReadError::invalid(
                    self.at(span.clone()),
                    format!("git source {value:?} has no commit after `#`"),
                    "regenerate the lock with `uv lock`",
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

    fn sdist(
        &self,
        name: &PackageName,
        wire: SdistWire<'_>,
        span: Range<usize>,
    ) -> Result<Artifact, ReadError> {
        let location = self.location(name, wire.url, wire.path, &span)?;
        let artifact = Artifact {
            name: basename(&location),
            location,
            sha256: self.sha256(name, wire.hash, &span)?,
        };
        checks::artifact(name, &artifact).map_err(|r| self.refuse(span, r))?;
        Ok(artifact)
    }

    fn wheel(
        &self,
        name: &PackageName,
        wire: WheelWire<'_>,
        span: Range<usize>,
    ) -> Result<Artifact, ReadError> {
        let location = self.location(name, wire.url, wire.path, &span)?;
        let artifact = Artifact {
            name: wire
                .filename
                .map_or_else(|| basename(&location), |f| FileName::Own(f.into_owned())),
            location,
            sha256: self.sha256(name, wire.hash, &span)?,
        };
        checks::artifact(name, &artifact).map_err(|r| self.refuse(span, r))?;
        Ok(artifact)
    }

    fn location(
        &self,
        name: &PackageName,
        url: Option<Cow<'_, str>>,
        path: Option<Cow<'_, str>>,
        span: &Range<usize>,
    ) -> Result<ArtifactLocation, ReadError> {
        match (url, path) {
            (Some(url), _) => Ok(ArtifactLocation::Url(url.into_owned())),
            (None, Some(path)) => Ok(ArtifactLocation::Path(path.into_owned())),
            (None, None) => Err(ReadError::invalid(
                self.at(span.clone()),
                format!("an artifact of {name} has neither `url` nor `path`"),
                "regenerate the lock with `uv lock`",
            )),
        }
    }

    fn sha256(
        &self,
        name: &PackageName,
        hash: Option<Cow<'_, str>>,
        span: &Range<usize>,
    ) -> Result<Option<Sha256>, ReadError> {
        let Some(hash) = hash else {
            return Ok(None);
        };
        let digest = hash.strip_prefix("sha256:").and_then(Sha256::from_hex);
        match digest {
            Some(digest) => Ok(Some(digest)),
            None => Err(ReadError::invalid(
                self.at(span.clone()),
                format!("hash {hash:?} of {name} is not `sha256:` followed by 64 hex digits"),
                "regenerate the lock with `uv lock`",
            )),
        }
    }

    fn pending_edges(
        &self,
        deps: &[Spanned<DependencyWire<'_>>],
    ) -> Result<Vec<PendingEdge>, ReadError> {
        deps.iter().map(|d| self.pending_edge(d)).collect()
    }

    /// A dependency edge with its name, source, marker and extras checked.
    fn pending_edge(
        &self,
        spanned: &Spanned<DependencyWire<'_>>,
    ) -> Result<PendingEdge, ReadError> {
        let wire = spanned.get_ref();
        let span = spanned.span();
        let name = PackageName::from_str(&wire.name).map_err(|e| {
            ReadError::invalid(
                self.at(span.clone()),
                format!("invalid dependency name {:?}: {e}", wire.name),
                INCONSISTENT,
            )
        })?;
        let source = wire
            .source
            .as_ref()
            .map(|s| self.source(s, span.clone()))
            .transpose()?;
        let marker = match &wire.marker {
            None => MarkerTree::TRUE,
            Some(m) => MarkerTree::from_str(m).map_err(|e| {
                ReadError::invalid(
                    self.at(span.clone()),
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
                    ReadError::invalid(
                        self.at(span.clone()),
                        format!("invalid extra {e:?} on dependency `{name}`: {err}"),
                        INCONSISTENT,
                    )
                })
            })
            .collect::<Result<_, _>>()?;
        Ok(PendingEdge {
            name,
            version: wire.version.clone(),
            source,
            marker,
            extras,
            at: self.base + span.start,
        })
    }

    /// The edges resolved to the packages they name.
    fn resolve(
        &self,
        index: &NameIndex<'_>,
        edges: Vec<PendingEdge>,
    ) -> Result<Vec<Dependency>, ReadError> {
        edges
            .into_iter()
            .map(|e| self.resolve_edge(index, e))
            .collect()
    }

    fn resolve_edge(
        &self,
        index: &NameIndex<'_>,
        edge: PendingEdge,
    ) -> Result<Dependency, ReadError> {
        let PendingEdge {
            name,
            version,
            source,
            marker,
            extras,
            at,
        } = edge;
        let version = version.as_deref();
        let mut candidates = index.get(&name).filter(|&id| {
            version.is_none_or(|v| index.version(id) == Some(v))
                && source.as_ref().is_none_or(|s| index.source(id) == s)
        });
        let package = match (candidates.next(), candidates.next()) {
            (Some(one), None) => one,
            (None, _) => {
                return Err(ReadError::invalid(
                    self.file.location(at),
                    format!(
                        "dependency `{name}`{} names no package in the lock",
                        version.map(|v| format!(" {v}")).unwrap_or_default()
                    ),
                    INCONSISTENT,
                ));
            }
            (Some(_), Some(_)) => {
                return Err(ReadError::invalid(
                    self.file.location(at),
                    format!(
                        "dependency `{name}` matches several packages; the lock must give its version and source"
                    ),
                    INCONSISTENT,
                ));
            }
        };
        Ok(Dependency {
            package,
            marker,
            extras,
        })
    }
}

const INCONSISTENT: &str = "the lock is inconsistent: regenerate it with `uv lock`";

/// Packages by name, version and source, for resolving edges.
struct NameIndex<'a> {
    /// Every package's name and id, sorted by name, then in lock order.
    by_name: Vec<(&'a PackageName, PackageId)>,
    nodes: &'a [Node],
}

impl<'a> NameIndex<'a> {
    fn new(nodes: &'a [Node]) -> Self {
        let mut by_name: Vec<_> = nodes
            .iter()
            .enumerate()
            .map(|(id, node)| (&node.package.name, id))
            .collect();
        by_name.sort();
        Self { by_name, nodes }
    }

    /// The packages named `name`, in lock order.
    fn get<'s>(&'s self, name: &'s PackageName) -> impl Iterator<Item = PackageId> + use<'s, 'a> {
        let start = self.by_name.partition_point(|(n, _)| *n < name);
        self.by_name[start..]
            .iter()
            .take_while(move |(n, _)| *n == name)
            .map(|&(_, id)| id)
    }

    fn version(&self, id: PackageId) -> Option<&str> {
        self.nodes[id].version.as_deref()
    }

    fn source(&self, id: PackageId) -> &Source {
        &self.nodes[id].package.source
    }
}

/// `git+https://host/repo?rev=abc#<commit>` split into its parts.
fn parse_git(value: &str) -> Option<GitSource> {
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
fn basename(location: &ArtifactLocation) -> FileName {
    let s = match location {
        ArtifactLocation::Url(u) => {
            let end = scan::position(u.as_bytes(), |b| (b == b'?') | (b == b'#'));
            &u[..end.unwrap_or(u.len())]
        }
        ArtifactLocation::Path(p) => p.as_str(),
    };
    let start = s.bytes().rposition(|b| b == b'/').map_or(0, |i| i + 1);
    let name = &s[start..];
    match location {
        ArtifactLocation::Url(_) if name.contains('%') => FileName::Own(percent_decode(name)),
        _ => FileName::In(start..s.len()),
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
    use super::*;

    #[test]
    fn git_source_parts() {
        let g = parse_git("https://github.com/vsoch/oci-python?rev=ceb4#ceb4fcc0").unwrap();
        assert_eq!(g.url, "https://github.com/vsoch/oci-python");
        assert_eq!(g.reference, Some(("rev".into(), "ceb4".into())));
        assert_eq!(g.commit, "ceb4fcc0");
        assert!(parse_git("https://x/y").is_none());
    }

    fn authentik_lock() -> String {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/fixtures/authentik-2026.2.0/uv.lock"
        );
        std::fs::read_to_string(path).expect("the authentik fixture")
    }

    fn pieces_and_whole(text: &str) -> (Result<Lock, String>, Result<Lock, String>) {
        let file = TomlFile::new(Path::new("uv.lock"), text);
        let finish = |parsed: Result<(LockWire, Vec<Node>), ReadError>| {
            parsed
                .and_then(|(header, nodes)| LockBuilder::new(&file, 0).build(header, nodes))
                .map_err(|e| e.to_string())
        };
        let pieces = parse_pieces(&file, PIECE_BYTES).expect("the lock can be cut");
        (finish(pieces), finish(parse_whole(&file)))
    }

    #[test]
    fn pieces_parse_to_the_same_lock_as_the_whole() {
        let text = authentik_lock();
        let (pieces, whole) = pieces_and_whole(&text);
        let (pieces, whole) = (pieces.expect("parses"), whole.expect("parses"));
        assert!(pieces.packages.len() > 200);
        assert_eq!(format!("{pieces:?}"), format!("{whole:?}"));
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
    fn an_error_in_a_late_piece_has_the_same_location_as_in_the_whole() {
        let text = authentik_lock().replacen(
            "name = \"zxcvbn\"\nversion = \"",
            "name = \"zxcvbn\"\nversion = \"not a version ",
            1,
        );
        let (pieces, whole) = pieces_and_whole(&text);
        let error = pieces.expect_err("refused");
        assert!(error.contains("invalid version"), "{error}");
        assert_eq!(Err(error), whole.map(|_| ()));
    }

    #[test]
    fn a_cut_inside_a_multi_line_value_falls_back_to_the_whole() {
        let lock = "version = 1\n[[package]]\nname = \"a\"\nsource = { virtual = \".\" }\n";
        for tail in [
            "x = \"\"\"\n[[package]]\nname = \"b\"\n\"\"\"\n",
            "x = '''\n[[package]]\n'''\n",
            "x = [\n[[package]]\n]\n",
        ] {
            let text = format!("{lock}{tail}");
            let file = TomlFile::new(Path::new("uv.lock"), &text);
            assert!(parse_pieces(&file, 1).is_none(), "{text}");
        }
    }

    #[test]
    fn a_piece_that_does_not_parse_alone_falls_back_to_the_whole() {
        // `[package]` after `[[package]]` is invalid: the whole file says where.
        let text = format!("{}[package]\nname = \"x\"\n", authentik_lock());
        let file = TomlFile::new(Path::new("uv.lock"), &text);
        assert!(parse_pieces(&file, PIECE_BYTES).is_none());
        let error = Lock::parse(Path::new("uv.lock"), &text).expect_err("refused");
        assert!(error.to_string().contains("invalid TOML"), "{error}");
    }

    #[test]
    fn file_names_from_urls_are_percent_decoded() {
        let name = |location: ArtifactLocation| Artifact {
            name: basename(&location),
            location,
            sha256: None,
        };
        let url = |u: &str| {
            name(ArtifactLocation::Url(u.to_string()))
                .filename()
                .to_string()
        };
        assert_eq!(
            url(
                "https://download.pytorch.org/whl/cpu/torch-2.5.1%2Bcpu-cp312-cp312-linux_x86_64.whl#sha256=x"
            ),
            "torch-2.5.1+cpu-cp312-cp312-linux_x86_64.whl"
        );
        assert_eq!(url("https://h/a%zz%2"), "a%zz%2");
        assert_eq!(url("https://h/a%ff"), "a%ff");
        assert_eq!(
            name(ArtifactLocation::Path("w/a%2B.whl".into())).filename(),
            "a%2B.whl"
        );
        assert_eq!(url("https://h/p/a.whl?x=/y"), "a.whl");
    }

    #[test]
    fn group_names_normalise() {
        assert_eq!(normalize_group("Docs__Extra.x"), "docs-extra-x");
    }
}
