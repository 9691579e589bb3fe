//! A project's own recipes: `[tool.uv2nix-authentik]` in the root
//! `pyproject.toml` (the primary place: a file the project already has, read
//! and guarded by the flake anyway, as `[tool.uv]` is for uv), or
//! `uv2nix.toml` next to `uv.lock` (for a downstream repository that does not
//! own `pyproject.toml`). Not both.
//!
//! Rows use the schema of the built-in `builtin.toml` and merge over its rows
//! field by field: a field a row gives replaces the built-in's, or with
//! `extend = true` adds to it; a field it leaves out keeps the built-in's.
//! Every row must name a package of the lock (or, for `[project.NAME]`, the
//! root project), by its normalised name.

use std::path::Path;
use std::str::FromStr;

use pep508_rs::PackageName;

use super::Recipes;
use super::error::RecipeError;
use super::wire::{self, RecipeFile, SCHEMA_HELP};
use crate::read::{Location, Lock};

/// The recipe file next to `uv.lock`.
pub const FILE: &str = "uv2nix.toml";

/// The table of `pyproject.toml` that holds a project's recipes.
pub const TOOL_TABLE: &str = "tool.uv2nix-authentik";

/// A project's recipe file, as read.
#[derive(Debug, Clone, Copy)]
pub struct UserFile<'a> {
    pub path: &'a Path,
    pub text: &'a str,
    /// Whether the recipes are `[tool.uv2nix-authentik]` of a `pyproject.toml`.
    pub in_pyproject: bool,
}

/// The recipes in effect: the built-in rows, with `user`'s merged over them
/// once each row is checked against `lock` and the `root` project.
pub fn load(
    user: Option<UserFile<'_>>,
    lock: &Lock,
    root: &PackageName,
) -> Result<Recipes, RecipeError> {
    let mut recipes = Recipes::builtin();
    if let Some(user) = user {
        let file = wire::parse(user.path, user.text, user.in_pyproject)?;
        check(&user, &file, lock, root)?;
        recipes.merge(file);
    }
    Ok(recipes)
}

/// Every row names a locked package by its normalised name, and every
/// locked build requirement is locked.
fn check(
    user: &UserFile<'_>,
    file: &RecipeFile,
    lock: &Lock,
    root: &PackageName,
) -> Result<(), RecipeError> {
    let at = |offset: usize| Location::at(user.path, user.text, offset);
    let locked = |name: &str| lock.packages.iter().any(|p| p.name.as_ref() == name);
    let normalised = |name: &str, offset: usize| -> Result<(), RecipeError> {
        match PackageName::from_str(name) {
            Ok(n) if n.as_ref() == name => Ok(()),
            Ok(n) => Err(RecipeError::new(
                at(offset),
                format!("{name:?} is not a normalised package name"),
                format!("write it as {:?}, as uv.lock does", n.as_ref()),
            )),
            Err(e) => Err(RecipeError::new(
                at(offset),
                format!("{name:?} is not a package name: {e}"),
                "name a package of uv.lock, as uv.lock writes it",
            )),
        }
    };
    for (name, row) in &file.packages {
        normalised(name, row.name_span.start)?;
        if !locked(name) {
            return Err(RecipeError::new(
                at(row.name_span.start),
                format!("uv.lock has no package {name:?}"),
                "name a locked package (`uv2nix-authentik plan` lists them), or remove the row",
            ));
        }
        for dep in row.value.locked_build_requires.iter().flatten() {
            if !locked(dep.get_ref()) {
                return Err(RecipeError::new(
                    at(dep.span().start),
                    format!(
                        "locked-build-requires names {:?}, which uv.lock does not have",
                        dep.get_ref()
                    ),
                    "name a locked package, or add it to the project's dependencies and run `uv lock`",
                ));
            }
        }
        if let Some(bad) = row.value.attribute_paths().find(|a| !is_attribute_path(a)) {
            return Err(RecipeError::new(
                at(row.name_span.start),
                format!("{name}: {bad:?} is not a nixpkgs attribute path"),
                format!("write attributes as Nix does, e.g. \"libxml2.dev\"; {SCHEMA_HELP}"),
            ));
        }
    }
    for (name, row) in &file.projects {
        if name != root.as_ref() {
            return Err(RecipeError::new(
                at(row.name_span.start),
                format!(
                    "a [project.{name}] row, but the root project is {:?}",
                    root.as_ref()
                ),
                format!("a project row applies to the root project: name it [project.{root}]"),
            ));
        }
    }
    Ok(())
}

/// Dot-separated names, none of them empty.
fn is_attribute_path(path: &str) -> bool {
    path.split('.').all(|part| {
        !part.is_empty()
            && part
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '\''))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attribute_paths() {
        assert!(is_attribute_path("postgresql.pg_config"));
        assert!(is_attribute_path("pkg-config"));
        assert!(!is_attribute_path("libxml2..dev"));
        assert!(!is_attribute_path(""));
        assert!(!is_attribute_path("a b"));
    }
}
