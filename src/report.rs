//! What the user sees: the error type of the CLI edge, and plans as JSON or text.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Serialize;

use crate::emit::EmitError;
use crate::plan::{Plan, PlanError, SdistReason, Selected};
use crate::read::ReadError;
use crate::recipes::{self, Recipes};

/// Any failure of a command, printed once by `main`.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Read(#[from] ReadError),
    #[error(transparent)]
    Plan(#[from] PlanError),
    #[error(transparent)]
    Emit(#[from] EmitError),
    #[error(transparent)]
    Hashes(#[from] crate::hashes::HashesError),
    #[error("{0}")]
    Usage(String),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

#[derive(Serialize)]
struct PlanJson<'a> {
    system: &'a str,
    python: String,
    packages: Vec<PackageJson>,
}

#[derive(Serialize)]
struct PackageJson {
    name: String,
    version: String,
    kind: &'static str,
    filename: Option<String>,
    url: Option<String>,
    sha256: Option<String>,
    reason: Option<String>,
    recipe: Option<String>,
    /// Which derivation installs it; for packages built from source, with what.
    build: BuildJson,
}

/// Which derivations build and install one package, per strategy, and for a
/// package built from source, with what.
#[derive(Serialize)]
struct BuildJson {
    /// The derivation that installs the package, per strategy (flake attribute paths).
    derivation: BTreeMap<&'static str, String>,
    #[serde(flatten)]
    from_source: Option<FromSourceJson>,
}

/// How a package built from source is built.
#[derive(Serialize)]
struct FromSourceJson {
    /// The derivation that builds its wheel (pinned).
    wheel: String,
    native_build_inputs: Vec<String>,
    build_inputs: Vec<String>,
    env: BTreeMap<String, String>,
    build_system: Vec<String>,
    locked_build_requires: Vec<String>,
    runtime_libraries: Vec<String>,
}

impl BuildJson {
    fn new(system: &str, name: &str, selected: &Selected, recipes: &Recipes) -> Self {
        let installed = |name: &str| format!("legacyPackages.{system}.pythonPackages.{name}");
        // uv-sync installs the locked dependencies in one fixed-output
        // derivation; git sources are installed from the source instead.
        let uv_sync = if matches!(selected, Selected::Git(_)) {
            installed(name)
        } else {
            format!("packages.{system}.python-deps")
        };
        let from_source = matches!(
            selected,
            Selected::Sdist { .. } | Selected::Directory { .. }
        )
        .then(|| {
            let recipe = recipes
                .native(name)
                .cloned()
                .unwrap_or_else(|| recipes::Recipe::generic(name));
            FromSourceJson {
                wheel: format!("packages.{system}.wheel-{name}"),
                native_build_inputs: recipe.native_build_inputs,
                build_inputs: recipe.build_inputs,
                env: recipe.env,
                build_system: recipe.build_system,
                locked_build_requires: recipe.locked_build_requires,
                runtime_libraries: recipe.runtime_libraries,
            }
        });
        Self {
            derivation: BTreeMap::from([("uv-sync", uv_sync), ("pinned", installed(name))]),
            from_source,
        }
    }
}

/// The plan as pretty JSON: `{"system", "python", "packages": [...]}`.
pub fn plan_json(plan: &Plan, recipes: &Recipes) -> String {
    let packages = plan
        .packages
        .iter()
        .map(|p| {
            let (filename, url, sha256) = match &p.selected {
                Selected::Wheel { artifact, .. } | Selected::Sdist { artifact, .. } => (
                    Some(artifact.filename().to_string()),
                    Some(artifact.location.as_str().to_string()),
                    artifact.sha256.map(|d| d.to_string()),
                ),
                Selected::Git(g) => (None, Some(g.to_string()), None),
                Selected::Directory { path } => (None, Some(path.clone()), None),
            };
            let reason = match &p.selected {
                Selected::Sdist { reason, .. } => Some(reason.to_string()),
                _ => None,
            };
            let recipe = p
                .selected
                .is_built()
                .then(|| recipes.native(p.name.as_ref()).map(|r| r.package.clone()))
                .flatten();
            let build = BuildJson::new(
                plan.target.system.as_str(),
                p.name.as_ref(),
                &p.selected,
                recipes,
            );
            PackageJson {
                build,
                name: p.name.to_string(),
                version: p.version.clone(),
                kind: p.selected.kind(),
                filename,
                url,
                sha256,
                reason,
                recipe,
            }
        })
        .collect();
    let json = PlanJson {
        system: plan.target.system.as_str(),
        python: plan.target.python.to_string(),
        packages,
    };
    serde_json::to_string_pretty(&json).expect("plan serialises") // ok: plain structs of strings always serialise
}

/// The plan as lines of text, one package a line.
pub fn plan_text(plan: &Plan) -> String {
    let mut out = format!(
        "{} (CPython {}, glibc {}): {} packages\n",
        plan.target.system,
        plan.target.python,
        plan.target.glibc,
        plan.packages.len()
    );
    for p in &plan.packages {
        let detail = match &p.selected {
            Selected::Wheel { artifact, .. } => artifact.filename().to_string(),
            Selected::Sdist {
                artifact, reason, ..
            } => {
                let why = match reason {
                    SdistReason::NoCompatibleWheel(_) => "no compatible wheel".to_string(),
                    r => r.to_string(),
                };
                format!("{} (built: {why})", artifact.filename())
            }
            Selected::Git(g) => g.to_string(),
            Selected::Directory { path } => path.clone(),
        };
        out.push_str(&format!(
            "  {:<32} {:<16} {:<9} {detail}\n",
            p.name.to_string(),
            p.version,
            p.selected.kind()
        ));
    }
    out
}
