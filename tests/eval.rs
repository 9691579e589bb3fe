//! The generated flakes evaluate: against the stand-in nixpkgs, every output
//! instantiates to a derivation for both systems; and they use only nixpkgs
//! attributes the stand-in offers (each checked against real nixpkgs).

mod common;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use common::{authentik, copy_tree, fixture, repo, run, tool_ok};

const SYSTEMS: [&str; 2] = ["x86_64-linux", "aarch64-linux"];

fn stand_in() -> std::path::PathBuf {
    repo().join("tests/nixpkgs-stand-in")
}

/// The project copied to a temporary directory with its generated flake.
fn with_flake(project: &Path, strategy: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_tree(project, dir.path());
    let flake = tool_ok(dir.path(), &["gen", "--strategy", strategy]);
    std::fs::write(dir.path().join("flake.nix"), flake).expect("write flake");
    dir
}

fn shim_args(dir: &Path) -> Vec<String> {
    vec![
        repo().join("tests/eval/shim.nix").display().to_string(),
        "--arg".into(),
        "flakeDir".into(),
        dir.display().to_string(),
        "--arg".into(),
        "standIn".into(),
        stand_in().display().to_string(),
        "--arg".into(),
        "fakeGit".into(),
        "true".into(),
    ]
}

/// Every output of the flake in `dir`, instantiated; returns the output names.
fn instantiate_all(dir: &Path) -> BTreeSet<String> {
    let names_json = run(Command::new("nix-instantiate")
        .args(["--eval", "--json", "-E"])
        .arg(format!(
            "builtins.attrNames (import {}/tests/eval/shim.nix {{ flakeDir = {}; standIn = {}; fakeGit = true; }})",
            repo().display(),
            dir.display(),
            stand_in().display()
        )));
    let names: Vec<String> = serde_json::from_str(&names_json).expect("names");
    let mut cmd = Command::new("nix-instantiate");
    cmd.args(shim_args(dir));
    for name in &names {
        cmd.arg("-A").arg(name);
    }
    let drvs = run(&mut cmd);
    let count = drvs.lines().filter(|l| l.ends_with(".drv")).count();
    assert_eq!(count, names.len(), "one derivation per output:\n{drvs}");
    names.into_iter().collect()
}

fn expected_outputs(main: &str, wheels: &[&str]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for system in SYSTEMS {
        out.insert(format!("checks/{system}/import"));
        for p in ["default", "python-deps", main] {
            out.insert(format!("packages/{system}/{p}"));
        }
        for w in wheels {
            out.insert(format!("packages/{system}/wheel-{w}"));
        }
    }
    out
}

#[test]
fn authentik_flakes_instantiate_for_both_systems() {
    let sdists = ["gssapi", "lxml", "psycopg-c", "xmlsec"];
    let dir = with_flake(&authentik(), "uv-sync");
    assert_eq!(
        instantiate_all(dir.path()),
        expected_outputs("authentik-django", &[])
    );
    let dir = with_flake(&authentik(), "pinned");
    assert_eq!(
        instantiate_all(dir.path()),
        expected_outputs("authentik-django", &sdists)
    );
}

#[test]
fn small_flakes_instantiate_for_both_systems() {
    for (project, main, built) in [
        (
            repo().join("tests/e2e/project"),
            "e2eapp",
            &["gssapi", "lxml", "psycopg-c", "xmlsec"][..],
        ),
        (
            fixture("git-workspace"),
            "git-workspace-fixture",
            &["localdep"][..],
        ),
        (
            fixture("no-binary"),
            "no-binary-fixture",
            &["docopt", "markupsafe"][..],
        ),
    ] {
        let dir = with_flake(&project, "uv-sync");
        assert_eq!(
            instantiate_all(dir.path()),
            expected_outputs(main, &[]),
            "{}",
            project.display()
        );
        let dir = with_flake(&project, "pinned");
        assert_eq!(
            instantiate_all(dir.path()),
            expected_outputs(main, built),
            "{}",
            project.display()
        );
    }
}

/// `pkgs.a.b` and `lib.f` paths a generated flake uses.
fn used_attributes(flake: &str) -> BTreeSet<String> {
    let mut used = BTreeSet::new();
    for (prefix, key) in [
        ("pkgs.", "legacyPackages.<system>."),
        ("lib.", "lib."),
        // The interpreter: the stand-in's python311 has every attribute each pythonXY has.
        ("python.", "legacyPackages.<system>.python311."),
        ("ps.", "legacyPackages.<system>.python311.pkgs."),
    ] {
        let mut rest = flake;
        while let Some(i) = rest.find(prefix) {
            let before = rest[..i].chars().last();
            rest = &rest[i + prefix.len()..];
            if before.is_some_and(|c| c.is_alphanumeric() || c == '.' || c == '_') {
                continue;
            }
            let path: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-'))
                .collect();
            let path = path.trim_end_matches('.');
            if !path.is_empty() && !path.starts_with("${") {
                used.insert(format!("{key}{path}"));
            }
        }
    }
    used
}

#[test]
fn generated_flakes_use_only_attributes_the_stand_in_offers() {
    let offered: BTreeSet<String> = std::fs::read_to_string(stand_in().join("attributes.txt"))
        .expect("attributes.txt")
        .lines()
        .map(str::to_string)
        .collect();
    let sources =
        std::fs::read_to_string(stand_in().join("attributes-sources.md")).expect("sources");
    for name in &offered {
        assert!(
            sources.contains(&format!("| `{name}` |")),
            "{name} has no nixpkgs source row"
        );
    }
    let mut used = BTreeSet::new();
    for strategy in ["uv-sync", "pinned"] {
        used.extend(used_attributes(&tool_ok(
            &authentik(),
            &["gen", "--strategy", strategy],
        )));
        used.extend(used_attributes(&tool_ok(
            &repo().join("tests/e2e/project"),
            &["gen", "--strategy", strategy],
        )));
    }
    used.extend(used_attributes(
        &std::fs::read_to_string(repo().join("flake.nix")).expect("flake"),
    ));
    assert!(
        used.contains("legacyPackages.<system>.postgresql.pg_config"),
        "{used:?}"
    );
    let missing: Vec<&String> = used.iter().filter(|u| !offered.contains(*u)).collect();
    assert!(
        missing.is_empty(),
        "not offered by the stand-in (so not checked against nixpkgs): {missing:?}"
    );
}

#[test]
fn the_tools_own_flake_instantiates() {
    let expr = format!(
        "let flake = import {repo}/flake.nix; self = flake.outputs {{ inherit self; nixpkgs = import {stand_in}; }}; in \
         [ self.packages.x86_64-linux.default self.packages.aarch64-linux.default \
           self.devShells.x86_64-linux.default self.devShells.aarch64-linux.default ]",
        repo = repo().display(),
        stand_in = stand_in().display()
    );
    let out = run(Command::new("nix-instantiate").args(["-E", &expr]));
    assert_eq!(
        out.lines().filter(|l| l.ends_with(".drv")).count(),
        4,
        "{out}"
    );
    let app = run(Command::new("nix-instantiate").args([
        "--eval",
        "-E",
        &format!(
            "let flake = import {repo}/flake.nix; self = flake.outputs {{ inherit self; nixpkgs = import {stand_in}; }}; in self.apps.x86_64-linux.default.type",
            repo = repo().display(),
            stand_in = stand_in().display()
        ),
    ]));
    assert_eq!(app.trim(), "\"app\"");
}
