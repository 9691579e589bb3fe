//! Stage 2, `plan`: exactly what `uv sync --frozen --no-dev
//! --no-install-project --no-install-workspace` installs for a target, and
//! from which artifact.

mod error;
mod select;
pub mod tags;
pub mod target;

use std::collections::BTreeSet;

use pep508_rs::{ExtraName, MarkerEnvironment, PackageName};

use crate::read::lock::{GitSource, PackageId};
use crate::read::{DefaultGroups, Inputs, Source};

pub use error::PlanError;
pub use select::{Origin, SdistReason, Selected};
pub use target::{Glibc, PythonVersion, System, Target};

/// What gets installed for one target.
#[derive(Debug, Clone)]
pub struct Plan {
    pub target: Target,
    /// Third-party packages, sorted by name.
    pub packages: Vec<PlannedPackage>,
    /// The project and the workspace members it uses, installed from source.
    pub local: Vec<LocalPackage>,
}

/// One package and the artifact it is installed from.
#[derive(Debug, Clone)]
pub struct PlannedPackage {
    pub name: PackageName,
    pub version: String,
    pub selected: Selected,
}

/// The project itself or a workspace member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalPackage {
    pub name: PackageName,
    pub version: String,
    /// Directory relative to the project root (`.` for the project).
    pub path: String,
    /// Top-level import packages; empty means "the normalised name".
    pub import_packages: Vec<String>,
    pub is_root: bool,
    /// A virtual project is not a package: uv installs only its dependencies.
    pub is_virtual: bool,
}

/// The Python every target of a project uses: from `requires-python`, or forced.
pub fn choose_python(
    inputs: &Inputs,
    forced: Option<PythonVersion>,
) -> Result<PythonVersion, PlanError> {
    let requires = inputs
        .project
        .requires_python
        .as_ref()
        .or(inputs.lock.requires_python.as_ref());
    let python = match (forced, requires) {
        (Some(p), _) => p,
        (None, Some(spec)) => {
            PythonVersion::newest_satisfying(spec).ok_or_else(|| PlanError::NoInterpreter {
                requires: spec.to_string(),
                known: PythonVersion::NIXPKGS
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", "),
            })?
        }
        (None, None) => PythonVersion::NIXPKGS[PythonVersion::NIXPKGS.len() - 1],
    };
    if let Some(spec) = &inputs.lock.requires_python
        && !python.satisfies(spec)
    {
        return Err(PlanError::LockExcludesPython {
            at: inputs
                .lock
                .requires_python_at
                .as_ref()
                .map_or_else(|| "uv.lock".to_string(), ToString::to_string),
            requires: spec.to_string(),
            python: python.to_string(),
        });
    }
    Ok(python)
}

/// Plans every target; the plans and the first error are in the order of `targets`.
pub fn plan_all(inputs: &Inputs, targets: &[Target]) -> Result<Vec<Plan>, PlanError> {
    targets.iter().map(|&target| plan(inputs, target)).collect()
}

/// Plans the installation for `target`.
pub fn plan(inputs: &Inputs, target: Target) -> Result<Plan, PlanError> {
    let lock = &inputs.lock;
    let root = lock
        .packages
        .iter()
        .position(|p| p.name == inputs.project.name)
        .ok_or_else(|| PlanError::NoRoot {
            name: inputs.project.name.to_string(),
        })?;
    let env = target.marker_environment();
    let reached = walk(inputs, root, &env);

    let ranking = tags::TagRanking::new(target);
    let mut packages: Vec<PlannedPackage> = Vec::new();
    let mut local = Vec::new();
    for id in reached {
        let package = &lock.packages[id];
        if id == root || lock.members.contains(&package.name) {
            local.push(local_package(inputs, id, id == root));
            continue;
        }
        if matches!(package.source, Source::Virtual(_)) {
            continue;
        }
        let selected = select::select(package, &inputs.settings, &ranking)?;
        packages.push(PlannedPackage {
            name: package.name.clone(),
            version: package.version_str().to_string(),
            selected,
        });
    }
    packages.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.version.cmp(&b.version)));
    if let Some(pair) = packages.windows(2).find(|w| w[0].name == w[1].name) {
        return Err(PlanError::Conflict {
            name: pair[0].name.to_string(),
            first: pair[0].version.clone(),
            second: pair[1].version.clone(),
            system: target.system.to_string(),
        });
    }
    local.sort_by(|a: &LocalPackage, b| (!a.is_root, &a.name).cmp(&(!b.is_root, &b.name)));
    Ok(Plan {
        target,
        packages,
        local,
    })
}

/// Every package reachable from the root through edges whose markers hold,
/// with requested extras and the default groups other than `dev`.
fn walk(inputs: &Inputs, root: PackageId, env: &MarkerEnvironment) -> BTreeSet<PackageId> {
    let lock = &inputs.lock;
    let root_package = &lock.packages[root];
    let groups: Vec<&String> = match &inputs.settings.default_groups {
        None => Vec::new(),
        Some(DefaultGroups::All) => root_package.groups.keys().collect(),
        Some(DefaultGroups::List(list)) => list.iter().collect(),
    };
    let mut seen: BTreeSet<(PackageId, Option<ExtraName>)> = BTreeSet::new();
    let mut reached = BTreeSet::from([root]);
    let mut queue: Vec<(PackageId, Option<ExtraName>)> = vec![(root, None)];
    seen.insert((root, None));
    let mut first = true;
    while let Some((id, extra)) = queue.pop() {
        let package = &lock.packages[id];
        let mut edges: Vec<&crate::read::lock::Dependency> = match &extra {
            None => package.dependencies.iter().collect(),
            Some(e) => package
                .optional_dependencies
                .get(e)
                .map(|d| d.iter().collect())
                .unwrap_or_default(),
        };
        if first {
            first = false;
            for group in groups.iter().filter(|g| g.as_str() != "dev") {
                edges.extend(root_package.groups.get(*group).into_iter().flatten());
            }
        }
        for edge in edges {
            if !edge.marker.evaluate(env, &[]) {
                continue;
            }
            let next = std::iter::once(None).chain(edge.extras.iter().cloned().map(Some));
            for extra in next {
                if seen.insert((edge.package, extra.clone())) {
                    reached.insert(edge.package);
                    queue.push((edge.package, extra));
                }
            }
        }
    }
    reached
}

fn local_package(inputs: &Inputs, id: PackageId, is_root: bool) -> LocalPackage {
    let package = &inputs.lock.packages[id];
    let (path, pyproject) = if is_root {
        (".".to_string(), &inputs.project)
    } else if let Some(member) = inputs.members.get(&package.name) {
        (member.path.clone(), &member.pyproject)
    } else {
        (".".to_string(), &inputs.project)
    };
    LocalPackage {
        name: package.name.clone(),
        version: package.version_str().to_string(),
        path,
        import_packages: pyproject.import_packages.clone(),
        is_root,
        is_virtual: matches!(package.source, Source::Virtual(_)),
    }
}

impl PlannedPackage {
    /// The git source, when the package comes from git.
    pub fn git(&self) -> Option<&GitSource> {
        match &self.selected {
            Selected::Git(g) => Some(g),
            _ => None,
        }
    }
}
