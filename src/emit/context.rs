//! The template context: the plans, turned into the data the flake holds.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::plan::{Plan, Selected, System};
use crate::read::Inputs;
use crate::recipes::{ProjectRecipe, Recipes};

use super::Strategy;

#[derive(Debug, Serialize)]
pub struct FlakeContext {
    pub tool: String,
    pub command: String,
    pub description: String,
    pub strategy: &'static str,
    pub project: ProjectContext,
    pub local: Vec<LocalContext>,
    pub git: Vec<GitContext>,
    /// Local directories installed as dependencies (not workspace members).
    pub directories: Vec<String>,
    pub project_recipe: Option<ProjectRecipeContext>,
    pub imports: Vec<String>,
    pub generated_from: Vec<FileContext>,
    pub recipes: Vec<RecipeContext>,
    /// Whether a recipe names libraries loaded with `dlopen`.
    pub runtime_libraries: bool,
    pub systems: Vec<SystemContext>,
    pub uv_sync_flags: Vec<String>,
    /// The pinned strategy's data (empty for uv-sync).
    pub pinned: super::pinned::PinnedContext,
}

#[derive(Debug, Serialize)]
pub struct ProjectContext {
    pub name: String,
    pub version: String,
    pub output: String,
    pub python: String,
}

#[derive(Debug, Serialize)]
pub struct LocalContext {
    pub name: String,
    pub version: String,
    pub path: String,
    pub modules: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct GitContext {
    pub name: String,
    pub version: String,
    pub input: String,
    pub flake_url: String,
    pub subdirectory: String,
    pub modules: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct ProjectRecipeContext {
    pub site_packages_files: Vec<String>,
    pub out_dirs: Vec<String>,
    pub out_links: Vec<String>,
    pub substitutions: Vec<SubstitutionContext>,
}

#[derive(Debug, Serialize)]
pub struct SubstitutionContext {
    pub file: String,
    pub replace: Vec<[String; 2]>,
    /// The `@name@` placeholders the replacements use: `out` or a tool.
    pub placeholders: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct FileContext {
    pub path: String,
    pub sha256: String,
}

#[derive(Debug, Serialize)]
pub struct RecipeContext {
    pub name: String,
    pub lessons: Vec<String>,
    pub native_build_inputs: Vec<String>,
    pub build_inputs: Vec<String>,
    pub env: Vec<[String; 2]>,
    /// Libraries the package loads with `dlopen`, built or installed as a wheel.
    pub runtime_libraries: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct SystemContext {
    pub name: &'static str,
    pub built: Vec<String>,
    pub deps_key: String,
    /// Pinned: the wheels installed besides `commonWheels`.
    pub wheels: Vec<super::pinned::WheelContext>,
}

/// Builds the context for `plans` (one per system, same project and Python).
pub fn build(
    inputs: &Inputs,
    plans: &[Plan],
    strategy: Strategy,
    command: &str,
) -> (FlakeContext, Vec<String>) {
    let name = inputs.project.name.to_string();
    let recipes = &inputs.recipes;
    let project_recipe = recipes.project(&name);
    let python = plans
        .first()
        .map(|p| p.target.python.nix_attr())
        .unwrap_or_default();
    let version = inputs
        .project
        .version
        .clone()
        .or_else(|| {
            plans
                .first()
                .and_then(|p| p.local.iter().find(|l| l.is_root))
                .map(|l| l.version.clone())
        })
        .unwrap_or_else(|| "0".to_string());

    let local = local_packages(plans, project_recipe);
    let git = git_packages(plans);
    let directories: Vec<String> = plans
        .iter()
        .flat_map(|p| &p.packages)
        .filter_map(|p| match &p.selected {
            Selected::Directory { path } => Some(path.clone()),
            _ => None,
        })
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let built = built_packages(plans);
    // The rows of the packages built from source, and of those installed
    // anywhere that load libraries at run time.
    let installed: BTreeSet<&str> = plans
        .iter()
        .flat_map(|p| &p.packages)
        .map(|p| p.name.as_ref())
        .collect();
    let recipe_contexts: Vec<RecipeContext> = recipes
        .packages()
        .filter(|r| {
            built.contains_key(&r.package)
                || (!r.runtime_libraries.is_empty() && installed.contains(r.package.as_str()))
        })
        .map(|r| {
            // A package installed from a wheel everywhere needs only its runtime libraries.
            let shown = if built.contains_key(&r.package) {
                r.clone()
            } else {
                r.runtime_only()
            };
            RecipeContext {
                lessons: shown.lesson_lines(),
                name: shown.package,
                native_build_inputs: shown.native_build_inputs,
                build_inputs: shown.build_inputs,
                env: shown.env.into_iter().map(|(k, v)| [k, v]).collect(),
                runtime_libraries: shown.runtime_libraries,
            }
        })
        .collect();
    let mut warnings = super::warnings::built_without_recipe(&built, recipes);

    let imports = imports(&local, &git, &built, project_recipe, recipes);
    let mut uv_sync_flags: Vec<String> = [
        "--frozen",
        "--no-install-project",
        "--no-install-workspace",
        "--no-dev",
    ]
    .map(String::from)
    .to_vec();
    for g in &git {
        uv_sync_flags.extend(["--no-install-package".to_string(), g.name.clone()]);
    }
    let mut generated_from: Vec<FileContext> = inputs
        .files
        .iter()
        .map(|f| FileContext {
            path: f.path.clone(),
            sha256: f.sha256.clone(),
        })
        .collect();
    generated_from.sort_by(|a, b| a.path.cmp(&b.path));

    let mut pinned = match strategy {
        Strategy::Pinned => super::pinned::build(plans, recipes, &mut warnings),
        Strategy::UvSync => super::pinned::PinnedContext::default(),
    };
    let mut system_wheels = std::mem::take(&mut pinned.wheels).into_iter();
    let systems = plans
        .iter()
        .map(|plan| {
            let built: Vec<String> = plan
                .packages
                .iter()
                .filter(|p| {
                    matches!(
                        p.selected,
                        Selected::Sdist { .. } | Selected::Directory { .. }
                    )
                })
                .map(|p| p.name.to_string())
                .collect();
            let deps_key = super::fingerprint::deps_key(
                plan.target.system,
                &python,
                &uv_sync_flags,
                &generated_from,
                &built,
                recipes,
            );
            SystemContext {
                name: plan.target.system.as_str(),
                built,
                deps_key,
                wheels: system_wheels.next().unwrap_or_default(),
            }
        })
        .collect();

    let context = FlakeContext {
        tool: format!("uv2nix-authentik {}", env!("CARGO_PKG_VERSION")),
        command: command.to_string(),
        description: format!("{name} {version}: the Python environment of uv.lock"),
        strategy: strategy.as_str(),
        project: ProjectContext {
            output: project_recipe.map_or_else(|| name.clone(), |r| r.output.to_string()),
            name,
            version,
            python,
        },
        local,
        git,
        directories,
        project_recipe: project_recipe.map(|r| ProjectRecipeContext {
            site_packages_files: r.site_packages_files.clone(),
            out_dirs: r.out_dirs.clone(),
            out_links: r.out_links.clone(),
            substitutions: r
                .substitutions
                .iter()
                .map(|s| SubstitutionContext {
                    file: s.file.clone(),
                    replace: s.replace.clone(),
                    placeholders: std::iter::once("out")
                        .chain(r.tools.iter().map(String::as_str))
                        .filter(|name| {
                            s.replace
                                .iter()
                                .any(|[_, new]| new.contains(&format!("@{name}@")))
                        })
                        .map(String::from)
                        .collect(),
                })
                .collect(),
        }),
        imports,
        generated_from,
        runtime_libraries: recipe_contexts
            .iter()
            .any(|r| !r.runtime_libraries.is_empty()),
        recipes: recipe_contexts,
        systems,
        uv_sync_flags,
        pinned,
    };
    (context, warnings)
}

/// The normalised name as a module: `django-channels-postgres` -> `django_channels_postgres`.
fn default_module(name: &str) -> String {
    name.replace(['-', '.'], "_")
}

fn local_packages(plans: &[Plan], recipe: Option<&ProjectRecipe>) -> Vec<LocalContext> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for local in plans.iter().flat_map(|p| &p.local) {
        if local.is_virtual || !seen.insert(local.name.clone()) {
            continue;
        }
        let modules = match (local.is_root, recipe) {
            (true, Some(r)) => r.import_packages.clone(),
            _ if local.import_packages.is_empty() => vec![default_module(local.name.as_ref())],
            _ => local.import_packages.clone(),
        };
        out.push(LocalContext {
            name: local.name.to_string(),
            version: local.version.clone(),
            path: local.path.clone(),
            modules,
        });
    }
    out
}

fn git_packages(plans: &[Plan]) -> Vec<GitContext> {
    let mut by_name = BTreeMap::new();
    for package in plans.iter().flat_map(|p| &p.packages) {
        let Some(g) = package.git() else { continue };
        let mut query = Vec::new();
        if let Some((kind, value)) = &g.reference
            && kind != "rev"
        {
            query.push(format!(
                "ref={}",
                if kind == "tag" {
                    format!("refs/tags/{value}")
                } else {
                    value.clone()
                }
            ));
        }
        query.push(format!("rev={}", g.commit));
        by_name
            .entry(package.name.to_string())
            .or_insert_with(|| GitContext {
                name: package.name.to_string(),
                version: package.version.clone(),
                input: format!("{}-src", package.name),
                flake_url: format!("git+{}?{}", g.url, query.join("&")),
                subdirectory: g.subdirectory.clone().unwrap_or_default(),
                modules: vec![default_module(package.name.as_ref())],
            });
    }
    by_name.into_values().collect()
}

/// Packages built from source on some system: name -> (version, systems).
pub type Built = BTreeMap<String, (String, Vec<System>)>;

fn built_packages(plans: &[Plan]) -> Built {
    let mut built = Built::new();
    for plan in plans {
        for p in plan.packages.iter().filter(|p| {
            matches!(
                p.selected,
                Selected::Sdist { .. } | Selected::Directory { .. }
            )
        }) {
            built
                .entry(p.name.to_string())
                .or_insert_with(|| (p.version.clone(), Vec::new()))
                .1
                .push(plan.target.system);
        }
    }
    built
}

fn imports(
    local: &[LocalContext],
    git: &[GitContext],
    built: &Built,
    recipe: Option<&ProjectRecipe>,
    recipes: &Recipes,
) -> Vec<String> {
    let mut imports: BTreeSet<String> = match recipe {
        Some(r) => r.imports.iter().cloned().collect(),
        None => local
            .iter()
            .flat_map(|l| &l.modules)
            .chain(git.iter().flat_map(|g| &g.modules))
            .cloned()
            .collect(),
    };
    for name in built.keys() {
        if let Some(r) = recipes.native(name) {
            imports.extend(r.imports.iter().cloned());
        }
    }
    imports.into_iter().collect()
}
