//! The recipe file schema as written, and its merge over a base row.
//!
//! The same schema serves `builtin.toml`, `uv2nix.toml` and
//! `[tool.uv2nix-authentik]`. A field a row leaves out keeps the base's
//! value; a field it gives replaces it, or with `extend = true` adds to it
//! (lists append what they do not hold yet, tables add and replace keys).

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::error::RecipeError;
use super::{ProjectRecipe, Recipe, Substitution};
use crate::read::Location;

/// Where the schema is described, for error messages.
pub const SCHEMA_HELP: &str =
    "see \"Recipes\" in the README of uv2nix-authentik for the fields a row takes";

/// A parsed recipe file: its rows by name, with where each name is written.
pub struct RecipeFile {
    pub packages: BTreeMap<String, Row<PackageRow>>,
    pub projects: BTreeMap<String, Row<ProjectRow>>,
}

/// A row and the span of its name.
pub struct Row<T> {
    pub name_span: Range<usize>,
    pub value: T,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct FileWire {
    #[serde(default)]
    package: BTreeMap<Spanned<String>, PackageRow>,
    #[serde(default)]
    project: BTreeMap<Spanned<String>, ProjectRow>,
}

/// `pyproject.toml`, for its `[tool.uv2nix-authentik]` alone.
#[derive(Deserialize)]
struct PyProjectWire {
    #[serde(default)]
    tool: ToolWire,
}

#[derive(Deserialize, Default)]
struct ToolWire {
    #[serde(rename = "uv2nix-authentik", default)]
    ours: FileWire,
}

/// `[package.NAME]` as written.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PackageRow {
    #[serde(default)]
    pub extend: bool,
    native_build_inputs: Option<Vec<String>>,
    build_inputs: Option<Vec<String>>,
    env: Option<BTreeMap<String, String>>,
    build_system: Option<Vec<String>>,
    pub locked_build_requires: Option<Vec<Spanned<String>>>,
    runtime_libraries: Option<Vec<String>>,
    imports: Option<Vec<String>>,
    lessons: Option<BTreeMap<String, String>>,
}

/// `[project.NAME]` as written.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ProjectRow {
    #[serde(default)]
    pub extend: bool,
    output: Option<String>,
    import_packages: Option<Vec<String>>,
    site_packages_files: Option<Vec<String>>,
    out_dirs: Option<Vec<String>>,
    out_links: Option<Vec<String>>,
    substitutions: Option<Vec<SubstitutionWire>>,
    tools: Option<Vec<String>>,
    imports: Option<Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SubstitutionWire {
    file: String,
    replace: Vec<[String; 2]>,
}

/// Parses a recipe file read from `path`; with `in_pyproject`, the
/// `[tool.uv2nix-authentik]` table of a `pyproject.toml`.
pub fn parse(path: &Path, text: &str, in_pyproject: bool) -> Result<RecipeFile, RecipeError> {
    let parsed = if in_pyproject {
        toml::from_str::<PyProjectWire>(text).map(|p| p.tool.ours)
    } else {
        toml::from_str::<FileWire>(text)
    };
    let wire = parsed.map_err(|e| {
        let at = e.span().map_or_else(
            || Location::start(path),
            |s| Location::at(path, text, s.start),
        );
        RecipeError::new(at, e.message(), SCHEMA_HELP)
    })?;
    Ok(RecipeFile {
        packages: rows(wire.package),
        projects: rows(wire.project),
    })
}

/// Rows by name, with where each name is written.
fn rows<T>(map: BTreeMap<Spanned<String>, T>) -> BTreeMap<String, Row<T>> {
    map.into_iter()
        .map(|(name, value)| {
            let name_span = name.span();
            (name.into_inner(), Row { name_span, value })
        })
        .collect()
}

/// A list field merged over the base's.
fn list<T: PartialEq>(given: Option<Vec<T>>, base: Vec<T>, extend: bool) -> Vec<T> {
    match given {
        None => base,
        Some(given) if extend => {
            let mut out = base;
            for item in given {
                if !out.contains(&item) {
                    out.push(item);
                }
            }
            out
        }
        Some(given) => given,
    }
}

/// A table field merged over the base's.
fn table(
    given: Option<BTreeMap<String, String>>,
    base: BTreeMap<String, String>,
    extend: bool,
) -> BTreeMap<String, String> {
    match given {
        None => base,
        Some(given) if extend => {
            let mut out = base;
            out.extend(given);
            out
        }
        Some(given) => given,
    }
}

impl PackageRow {
    /// This row merged over `base`.
    pub fn apply(self, base: Recipe) -> Recipe {
        let x = self.extend;
        Recipe {
            package: base.package,
            native_build_inputs: list(self.native_build_inputs, base.native_build_inputs, x),
            build_inputs: list(self.build_inputs, base.build_inputs, x),
            env: table(self.env, base.env, x),
            build_system: list(self.build_system, base.build_system, x),
            locked_build_requires: list(
                self.locked_build_requires
                    .map(|l| l.into_iter().map(Spanned::into_inner).collect()),
                base.locked_build_requires,
                x,
            ),
            runtime_libraries: list(self.runtime_libraries, base.runtime_libraries, x),
            imports: list(self.imports, base.imports, x),
            lessons: table(self.lessons, base.lessons, x),
        }
    }

    /// The nixpkgs attribute paths the row names.
    pub fn attribute_paths(&self) -> impl Iterator<Item = &String> {
        [
            &self.native_build_inputs,
            &self.build_inputs,
            &self.runtime_libraries,
        ]
        .into_iter()
        .flatten()
        .flatten()
    }
}

impl ProjectRow {
    /// This row merged over `base`.
    pub fn apply(self, base: ProjectRecipe) -> ProjectRecipe {
        let x = self.extend;
        let substitutions = self.substitutions.map(|s| {
            s.into_iter()
                .map(|s| Substitution {
                    file: s.file,
                    replace: s.replace,
                })
                .collect()
        });
        ProjectRecipe {
            project: base.project,
            output: self.output.unwrap_or(base.output),
            import_packages: list(self.import_packages, base.import_packages, x),
            site_packages_files: list(self.site_packages_files, base.site_packages_files, x),
            out_dirs: list(self.out_dirs, base.out_dirs, x),
            out_links: list(self.out_links, base.out_links, x),
            substitutions: list(substitutions, base.substitutions, x),
            tools: list(self.tools, base.tools, x),
            imports: list(self.imports, base.imports, x),
        }
    }
}
