//! The artifact a package is installed from, by uv's rules.

use std::collections::BTreeSet;
use std::fmt;

use crate::read::lock::{Artifact, GitSource, Package};
use crate::read::{Source, UvSettings};

use super::error::PlanError;
use super::tags::{Mismatch, TagFit, TagRanking, WheelName};

/// Where an artifact file comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// A package index.
    Registry,
    /// A direct URL dependency.
    Url,
    /// A local file.
    Path,
}

/// The chosen way to install a package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selected {
    Wheel {
        artifact: Artifact,
        origin: Origin,
    },
    Sdist {
        artifact: Artifact,
        origin: Origin,
        reason: SdistReason,
    },
    Git(GitSource),
    /// A local directory (not a workspace member).
    Directory {
        path: String,
    },
}

impl Selected {
    /// `wheel`, `sdist`, `git`, `url`, `path` or `directory`.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Wheel {
                origin: Origin::Registry,
                ..
            } => "wheel",
            Self::Sdist {
                origin: Origin::Registry,
                ..
            } => "sdist",
            Self::Wheel {
                origin: Origin::Url,
                ..
            }
            | Self::Sdist {
                origin: Origin::Url,
                ..
            } => "url",
            Self::Wheel {
                origin: Origin::Path,
                ..
            }
            | Self::Sdist {
                origin: Origin::Path,
                ..
            } => "path",
            Self::Git(_) => "git",
            Self::Directory { .. } => "directory",
        }
    }

    /// Whether the package is built from source (and so may need a recipe).
    pub fn is_built(&self) -> bool {
        !matches!(self, Self::Wheel { .. })
    }
}

/// Why a package is built from its sdist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SdistReason {
    /// `no-binary = true`.
    NoBinary,
    /// The package is listed in `no-binary-package`.
    NoBinaryPackage,
    /// Wheels exist, none fits; the text says why the closest does not.
    NoCompatibleWheel(String),
    /// The lock has no wheels for it.
    NoWheels,
}

impl fmt::Display for SdistReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoBinary => f.write_str("no-binary"),
            Self::NoBinaryPackage => f.write_str("no-binary-package"),
            Self::NoCompatibleWheel(why) => write!(f, "no compatible wheel: {why}"),
            Self::NoWheels => f.write_str("no wheels"),
        }
    }
}

/// Chooses how to install `package`.
pub fn select(
    package: &Package,
    settings: &UvSettings,
    ranking: &TagRanking,
) -> Result<Selected, PlanError> {
    let origin = match &package.source {
        Source::Registry(_) => Origin::Registry,
        Source::Url { .. } => Origin::Url,
        Source::Path(_) => Origin::Path,
        Source::Git(g) => return Ok(Selected::Git(g.clone())),
        Source::Directory(p) | Source::Editable(p) | Source::Virtual(p) => {
            return Ok(Selected::Directory { path: p.clone() });
        }
    };
    let no_binary = settings.no_binary || settings.no_binary_package.contains(&package.name);
    let no_build = settings.no_build || settings.no_build_package.contains(&package.name);
    let fail = |why: String, help: &str| PlanError::NoArtifact {
        name: package.name.to_string(),
        version: package.version_str().to_string(),
        system: ranking_system(ranking),
        why,
        help: help.to_string(),
    };

    if no_binary {
        if no_build {
            return Err(fail(
                "it is both no-binary and no-build".into(),
                "remove it from one of the two settings in [tool.uv] or uv.toml",
            ));
        }
        let reason = if settings.no_binary_package.contains(&package.name) {
            SdistReason::NoBinaryPackage
        } else {
            SdistReason::NoBinary
        };
        return match &package.sdist {
            Some(sdist) => Ok(Selected::Sdist {
                artifact: sdist.clone(),
                origin,
                reason,
            }),
            None => Err(fail(
                format!("it is {reason} but the lock has no sdist for it"),
                "remove it from no-binary-package, or lock a version that publishes an sdist",
            )),
        };
    }

    let best = package
        .wheels
        .iter()
        .map(|wheel| Candidate::rank(wheel, ranking))
        .reduce(|best, next| {
            if next.key(ranking) > best.key(ranking) {
                next
            } else {
                best
            }
        });

    let reason = match best {
        None => SdistReason::NoWheels,
        Some(Candidate {
            artifact,
            fit: TagFit::Compatible(_),
            ..
        }) => {
            return Ok(Selected::Wheel {
                artifact: artifact.clone(),
                origin,
            });
        }
        Some(Candidate {
            artifact,
            fit: TagFit::Incompatible(mismatch),
            name,
        }) => SdistReason::NoCompatibleWheel(match (&name, mismatch) {
            (Some(_), Mismatch::Python | Mismatch::Abi) => {
                let abis: BTreeSet<&str> = package
                    .wheels
                    .iter()
                    .filter_map(|w| WheelName::parse(w.filename()))
                    .flat_map(|w| w.abis())
                    .collect();
                format!(
                    "the lock has wheels for ABI {}, none for CPython {} ({})",
                    abis.into_iter().collect::<Vec<_>>().join(", "),
                    ranking.target().python,
                    ranking.target().python.cp_tag()
                )
            }
            (Some(n), _) => format!(
                "closest is {} ({})",
                artifact.filename(),
                ranking.explain(n, mismatch)
            ),
            (None, _) => format!("{} is not a valid wheel name", artifact.filename()),
        }),
    };
    if no_build {
        return Err(fail(
            format!("it is no-build and {reason}"),
            "remove it from no-build-package, or lock a version with a wheel for this target",
        ));
    }
    match &package.sdist {
        Some(sdist) => Ok(Selected::Sdist {
            artifact: sdist.clone(),
            origin,
            reason,
        }),
        None => Err(fail(
            format!("{reason}, and the lock has no sdist"),
            "lock a version with a wheel for this target, or change --glibc / --python",
        )),
    }
}

/// A wheel and how well it fits.
struct Candidate<'a> {
    artifact: &'a Artifact,
    fit: TagFit,
    name: Option<WheelName<'a>>,
}

impl<'a> Candidate<'a> {
    fn rank(artifact: &'a Artifact, ranking: &TagRanking) -> Self {
        let name = WheelName::parse(artifact.filename());
        let fit = name
            .as_ref()
            .map_or(TagFit::Incompatible(Mismatch::Invalid), |n| ranking.fit(n));
        Self {
            artifact,
            fit,
            name,
        }
    }

    /// Tag fit first, then (for wheels that do not fit) how close their
    /// platform is, then the build tag; ties keep the earlier wheel.
    fn key(&self, ranking: &TagRanking) -> (TagFit, u8, Option<(u64, &str)>) {
        let closeness = match (&self.fit, &self.name) {
            (TagFit::Incompatible(Mismatch::Platform), Some(n)) => {
                let arch = ranking.target().system.arch();
                n.platforms()
                    .map(|p| match p {
                        p if p.starts_with("manylinux") && p.ends_with(arch) => 2,
                        p if p.ends_with(arch) => 1,
                        _ => 0,
                    })
                    .max()
                    .unwrap_or(0)
            }
            _ => 0,
        };
        (
            self.fit,
            closeness,
            self.name.as_ref().and_then(|n| n.build),
        )
    }
}

fn ranking_system(ranking: &TagRanking) -> String {
    ranking.target().system.to_string()
}
