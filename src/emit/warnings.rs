//! What `gen` warns about: packages built without a recipe, artifacts
//! without a hash.

use crate::recipes::Recipes;

use super::context::Built;

/// A warning for each package built from source that no recipe knows.
pub fn built_without_recipe(built: &Built, recipes: &Recipes) -> Vec<String> {
    built
        .iter()
        .filter(|(n, _)| recipes.native(n).is_none())
        .map(|(n, (version, systems))| {
            format!(
                "warning: {n} {version} is built from source ({}), and no recipe knows its native needs; \
                 if its build fails, add a row for it with the nixpkgs libraries it links against: \
                 [tool.uv2nix-authentik.package.{n}] in pyproject.toml (README: Recipes)",
                systems.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
            )
        })
        .collect()
}

/// The warning for `file` of package `name`, which the lock gives no sha256.
pub fn missing_hash(name: &str, file: &str) -> String {
    format!(
        "warning: uv.lock has no sha256 for {file} of {name}: the flake fetches it with lib.fakeHash, \
         which fails until the lock has one\n  help: relock with `uv lock` from an index that \
         publishes hashes, or generate with --strategy uv-sync"
    )
}
