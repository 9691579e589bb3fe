//! Stage 3, `recipes`: native build knowledge, as data.
//!
//! The built-in rows live in `builtin.toml`, compiled into the binary; a
//! project adds and overrides rows with the same schema (see [`overrides`]).
//! A [`Recipe`] says what one package needs to build in Nix and why (the
//! "Lessons Learned" of the proven authentik build); a [`ProjectRecipe`] what
//! a known root project needs after its packages are installed.

mod error;
pub mod overrides;
mod wire;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

use serde::Serialize;

pub use error::RecipeError;

/// The built-in rows, as written.
pub const BUILTIN_TOML: &str = include_str!("builtin.toml");

/// The build backend assumed for a package that no recipe names one for.
pub const GENERIC_BUILD_SYSTEM: &[&str] = &["setuptools", "wheel"];

/// What building one package from source, or running it, needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Recipe {
    /// The package, as its normalised name.
    pub package: String,
    /// nixpkgs attribute paths of tools run at build time (on PATH).
    pub native_build_inputs: Vec<String>,
    /// nixpkgs attribute paths of libraries compiled and linked against;
    /// their libraries are also what `autoPatchelfHook` must find.
    pub build_inputs: Vec<String>,
    /// Environment variables the build needs.
    pub env: BTreeMap<String, String>,
    /// `python.pkgs` attributes of the build backend (uv does not lock them).
    pub build_system: Vec<String>,
    /// Locked packages the build imports (installed before it runs).
    pub locked_build_requires: Vec<String>,
    /// nixpkgs attribute paths of libraries the package loads with `dlopen`.
    pub runtime_libraries: Vec<String>,
    /// Modules the import check loads.
    pub imports: Vec<String>,
    /// Why an input is there, by the input (or environment variable) it explains.
    pub lessons: BTreeMap<String, String>,
}

impl Recipe {
    /// The row of a package no recipe knows: the generic build backend, nothing else.
    pub fn generic(package: &str) -> Self {
        Self {
            package: package.to_string(),
            native_build_inputs: Vec::new(),
            build_inputs: Vec::new(),
            env: BTreeMap::new(),
            build_system: GENERIC_BUILD_SYSTEM.iter().map(|s| s.to_string()).collect(),
            locked_build_requires: Vec::new(),
            runtime_libraries: Vec::new(),
            imports: Vec::new(),
            lessons: BTreeMap::new(),
        }
    }

    /// The part of the row a package installed from a wheel needs: its
    /// runtime libraries, and the lessons that explain them.
    pub fn runtime_only(&self) -> Self {
        let mut row = Self::generic(&self.package);
        row.build_system.clear();
        row.runtime_libraries = self.runtime_libraries.clone();
        row.lessons = self
            .lessons
            .iter()
            .filter(|(k, _)| self.runtime_libraries.contains(k))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        row
    }

    /// The lessons as `input: why` lines, in the order the row names the inputs.
    pub fn lesson_lines(&self) -> Vec<String> {
        let named = self
            .native_build_inputs
            .iter()
            .chain(&self.build_inputs)
            .chain(self.env.keys())
            .chain(&self.build_system)
            .chain(&self.locked_build_requires)
            .chain(&self.runtime_libraries);
        let mut order: Vec<&String> = Vec::new();
        for key in named.chain(self.lessons.keys()) {
            if self.lessons.contains_key(key) && !order.contains(&key) {
                order.push(key);
            }
        }
        order
            .into_iter()
            .map(|key| format!("{key}: {}", self.lessons[key]))
            .collect()
    }

    /// The canonical text of what this row puts into a `uv sync` build (its
    /// inputs and environment; not its lessons or import checks), for
    /// fingerprints: JSON with fields in a fixed order and sorted maps.
    pub fn build_fingerprint(&self) -> String {
        #[derive(Serialize)]
        struct Build<'a> {
            package: &'a str,
            native_build_inputs: &'a [String],
            build_inputs: &'a [String],
            env: &'a BTreeMap<String, String>,
        }
        serde_json::to_string(&Build {
            package: &self.package,
            native_build_inputs: &self.native_build_inputs,
            build_inputs: &self.build_inputs,
            env: &self.env,
        })
        .expect("strings serialise") // ok: a struct of strings always serialises
    }
}

/// A substitution in one file of a project's source, applied after install.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Substitution {
    /// File relative to site-packages.
    pub file: String,
    /// `[old, new]` pairs; `@out@` in `new` becomes the output path, `@tool@`
    /// the store path of a tool the recipe names.
    pub replace: Vec<[String; 2]>,
}

/// What a known root project needs beyond installing its packages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProjectRecipe {
    /// The project's normalised name.
    pub project: String,
    /// The flake's package name for the environment.
    pub output: String,
    /// Top-level import packages copied from the source tree.
    pub import_packages: Vec<String>,
    /// Source files copied into site-packages next to the packages.
    pub site_packages_files: Vec<String>,
    /// Source directories copied into the output's root.
    pub out_dirs: Vec<String>,
    /// Packages also linked at the output's root.
    pub out_links: Vec<String>,
    pub substitutions: Vec<Substitution>,
    /// nixpkgs attributes whose store paths substitutions name as `@attr@`.
    pub tools: Vec<String>,
    /// Modules the import check loads.
    pub imports: Vec<String>,
}

impl ProjectRecipe {
    /// The row of a project no recipe knows: its environment named after it.
    pub fn generic(project: &str) -> Self {
        Self {
            project: project.to_string(),
            output: project.to_string(),
            import_packages: Vec::new(),
            site_packages_files: Vec::new(),
            out_dirs: Vec::new(),
            out_links: Vec::new(),
            substitutions: Vec::new(),
            tools: Vec::new(),
            imports: Vec::new(),
        }
    }
}

/// Every recipe in effect: the built-in rows with a project's own merged over them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recipes {
    packages: BTreeMap<String, Recipe>,
    projects: BTreeMap<String, ProjectRecipe>,
}

impl Recipes {
    /// The built-in rows alone (parsed once per process).
    pub fn builtin() -> Self {
        static BUILTIN: OnceLock<Recipes> = OnceLock::new();
        BUILTIN
            .get_or_init(|| {
                let file = wire::parse(Path::new("src/recipes/builtin.toml"), BUILTIN_TOML, false)
                    .expect("the built-in recipes parse"); // ok: compiled in, and a unit test parses them
                let mut recipes = Self {
                    packages: BTreeMap::new(),
                    projects: BTreeMap::new(),
                };
                recipes.merge(file);
                recipes
            })
            .clone()
    }

    /// The recipe for `package`, if one is known.
    pub fn native(&self, package: &str) -> Option<&Recipe> {
        self.packages.get(package)
    }

    /// The project recipe for `project`, if one is known.
    pub fn project(&self, project: &str) -> Option<&ProjectRecipe> {
        self.projects.get(project)
    }

    /// Every package recipe, sorted by package.
    pub fn packages(&self) -> impl Iterator<Item = &Recipe> {
        self.packages.values()
    }

    /// Merges the rows of `file` over these (see [`overrides`] for the rules).
    fn merge(&mut self, file: wire::RecipeFile) {
        for (name, row) in file.packages {
            let base = self
                .packages
                .remove(&name)
                .unwrap_or_else(|| Recipe::generic(&name));
            self.packages.insert(name, row.value.apply(base));
        }
        for (name, row) in file.projects {
            let base = self
                .projects
                .remove(&name)
                .unwrap_or_else(|| ProjectRecipe::generic(&name));
            self.projects.insert(name, row.value.apply(base));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_rows_parse_and_are_sorted() {
        let file = wire::parse(Path::new("builtin.toml"), BUILTIN_TOML, false)
            .unwrap_or_else(|e| panic!("{e}"));
        // The file's tables in the order they are written.
        let headers: Vec<&str> = BUILTIN_TOML
            .lines()
            .filter_map(|l| l.strip_prefix("[package."))
            .filter_map(|l| l.strip_suffix(']'))
            .collect();
        let mut sorted = headers.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(headers, sorted, "[package.*] tables sorted and unique");
        assert_eq!(
            headers.len(),
            file.packages.len(),
            "every row is a [package.NAME] table"
        );
        assert!(
            file.packages.values().all(|r| !r.value.extend),
            "built-in rows have no base to extend"
        );
    }

    #[test]
    fn every_lesson_explains_something_its_row_names() {
        for r in Recipes::builtin().packages() {
            let named: Vec<&String> = r
                .native_build_inputs
                .iter()
                .chain(&r.build_inputs)
                .chain(r.env.keys())
                .chain(&r.build_system)
                .chain(&r.locked_build_requires)
                .chain(&r.runtime_libraries)
                .collect();
            for key in r.lessons.keys() {
                assert!(
                    named.contains(&key),
                    "{}: lesson {key:?} names nothing in its row",
                    r.package
                );
            }
        }
    }

    #[test]
    fn lessons_learned_are_in_the_table() {
        let recipes = Recipes::builtin();
        let native = |name| recipes.native(name).expect("a built-in row");
        assert_eq!(
            native("psycopg-c").native_build_inputs,
            ["postgresql.pg_config"]
        );
        assert!(
            native("psycopg-c")
                .build_inputs
                .contains(&"libpq".to_string())
        );
        assert!(
            native("xmlsec")
                .build_inputs
                .contains(&"libtool".to_string())
        );
        assert_eq!(
            native("gssapi")
                .env
                .get("NIX_CFLAGS_COMPILE")
                .map(String::as_str),
            Some("-include gssapi/gssapi_ext.h")
        );
        assert_eq!(native("python-kadmin-rs").runtime_libraries, ["krb5"]);
        assert_eq!(
            native("gssapi").lesson_lines()[0],
            "krb5.dev: krb5-config lives in krb5.dev, not in krb5's bin"
        );
    }

    #[test]
    fn the_authentik_project_recipe_is_data() {
        let recipes = Recipes::builtin();
        let authentik = recipes.project("authentik").expect("a built-in row");
        assert_eq!(authentik.output, "authentik-django");
        assert_eq!(authentik.substitutions.len(), 4);
        assert_eq!(
            authentik.substitutions[3].replace,
            [[
                "#!/usr/bin/env -S bash".to_string(),
                "#!@bash@/bin/bash".to_string()
            ]]
        );
    }

    #[test]
    fn the_fingerprint_is_content_not_debug_text() {
        let recipes = Recipes::builtin();
        let gssapi = recipes.native("gssapi").expect("a built-in row");
        assert_eq!(
            gssapi.build_fingerprint(),
            r#"{"package":"gssapi","native_build_inputs":["krb5.dev"],"build_inputs":["krb5"],"env":{"NIX_CFLAGS_COMPILE":"-include gssapi/gssapi_ext.h"}}"#
        );
        let mut lesson_changed = gssapi.clone();
        lesson_changed.lessons.clear();
        assert_eq!(
            lesson_changed.build_fingerprint(),
            gssapi.build_fingerprint()
        );
    }
}
