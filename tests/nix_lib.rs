//! The Nix library every flake includes (`nix/lib.nix`) passes its own unit
//! tests (`nix/tests`), evaluated with nixpkgs' real `lib`.

mod common;

use std::process::Command;

use common::{repo, run};

#[test]
fn the_nix_library_passes_its_unit_tests() {
    let nixpkgs_lib = repo().join("../shared/nixpkgs-lib/lib");
    let failures = run(Command::new("nix-instantiate")
        // The tests read narrowed sources, which must be in the store.
        .args(["--eval", "--strict", "--read-write-mode"])
        .arg(repo().join("nix/tests"))
        .args(["--arg", "lib"])
        .arg(format!("import {}", nixpkgs_lib.display())));
    assert_eq!(failures.trim(), "[ ]", "failed Nix unit tests:\n{failures}");
}

#[test]
fn the_flake_holds_the_library_as_it_is() {
    let dir = tempfile::tempdir().expect("tempdir");
    common::copy_tree(&common::fixture("tiny"), dir.path());
    let flake = common::tool_ok(dir.path(), &["gen"]);
    let library = std::fs::read_to_string(repo().join("nix/lib.nix")).expect("nix/lib.nix");
    let indented: String = library
        .lines()
        .map(|l| {
            if l.is_empty() {
                "\n".to_string()
            } else {
                format!("        {l}\n")
            }
        })
        .collect();
    assert!(
        flake.contains(&indented),
        "the flake does not hold nix/lib.nix"
    );
}
