//! `gen --strategy pinned`: the lock's own hashes, per-system wheels, no
//! fixed-output `uv sync`, and lock bumps that touch only their own lines.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use common::{authentik, copy_tree, fixture, tool_ok};
use uv2nix_authentik::emit::pinned::sri;
use uv2nix_authentik::read::lock::Sha256;

/// `artifacts` of a pinned flake: file -> hash.
fn artifact_hashes(flake: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut file = None;
    for line in flake.lines().map(str::trim) {
        if let Some(name) = line.strip_suffix(" = {").and_then(|n| n.strip_prefix('"')) {
            file = name.strip_suffix('"').map(str::to_string);
        } else if let (Some(f), Some(hash)) = (&file, line.strip_prefix("hash = \"")) {
            out.insert(f.clone(), hash.trim_end_matches("\";").to_string());
            file = None;
        }
    }
    out
}

/// `name = "file";` lines of the attribute set that starts at `from`.
fn entries(from: &str) -> BTreeMap<String, String> {
    let body = &from[from.find('{').expect("a set") + 1..];
    let body = &body[..body.find("};").expect("end of the set")];
    body.lines()
        .filter_map(|l| {
            let (name, file) = l.trim().split_once(" = ")?;
            Some((
                name.trim_matches('"').to_string(),
                file.trim_end_matches(';').trim_matches('"').to_string(),
            ))
        })
        .collect()
}

/// `systems.<system>.wheels` of a pinned flake (`commonWheels` and the
/// system's own): name -> file.
fn system_wheels(flake: &str, system: &str) -> BTreeMap<String, String> {
    let mut wheels = entries(&flake[flake.find("      commonWheels = {").expect("commonWheels")..]);
    let block = &flake[flake
        .find(&format!("        {system} = {{\n"))
        .expect("system block")..];
    let own = &block[block.find("wheels = commonWheels").expect("wheels")..];
    if own.starts_with("wheels = commonWheels // {") {
        wheels.extend(entries(own));
    }
    wheels
}

#[test]
fn every_hash_is_the_locks_hash_of_the_selected_artifact() {
    let flake = tool_ok(&authentik(), &["gen", "--strategy", "pinned"]);
    let hashes = artifact_hashes(&flake);
    for system in ["x86_64-linux", "aarch64-linux"] {
        let plan: serde_json::Value = serde_json::from_str(&tool_ok(
            &authentik(),
            &["plan", "--json", "--system", system],
        ))
        .expect("json");
        let wheels = system_wheels(&flake, system);
        let mut checked = 0;
        for p in plan["packages"].as_array().expect("packages") {
            let (Some(file), Some(sha)) = (p["filename"].as_str(), p["sha256"].as_str()) else {
                continue;
            };
            assert_eq!(
                hashes.get(file),
                Some(&sri(&Sha256::from_hex(sha).expect("64 hex digits"))),
                "{file} on {system}"
            );
            if p["kind"] == "wheel" {
                assert_eq!(
                    wheels
                        .get(p["name"].as_str().expect("name"))
                        .map(String::as_str),
                    Some(file)
                );
            }
            checked += 1;
        }
        assert_eq!(checked, 174, "{system}: 170 wheels and 4 sdists");
        assert_eq!(wheels.len(), 170, "{system}");
    }
    // Nothing in the flake that the plans did not select.
    assert_eq!(hashes.len(), 170 + 4 + count_arch_specific(&flake));
}

/// Wheels that differ between the systems appear once per system.
fn count_arch_specific(flake: &str) -> usize {
    let x = system_wheels(flake, "x86_64-linux");
    let a = system_wheels(flake, "aarch64-linux");
    x.iter()
        .filter(|(name, file)| a.get(*name) != Some(*file))
        .count()
}

#[test]
fn wheels_are_chosen_per_system() {
    let flake = tool_ok(&authentik(), &["gen", "--strategy", "pinned"]);
    let x = system_wheels(&flake, "x86_64-linux");
    let a = system_wheels(&flake, "aarch64-linux");
    assert!(
        x["cryptography"].contains("x86_64"),
        "{}",
        x["cryptography"]
    );
    assert!(
        a["cryptography"].contains("aarch64"),
        "{}",
        a["cryptography"]
    );
    assert_eq!(x["django"], a["django"]);
}

#[test]
fn there_is_no_fixed_output_uv_sync() {
    let flake = tool_ok(&authentik(), &["gen", "--strategy", "pinned"]);
    let data = common::data_of(&flake);
    for fod in [
        "outputHash",
        "uv sync",
        "depsHashes",
        "uv2nix-hashes.json",
        "pkgs.uv",
    ] {
        assert!(!data.contains(fod), "{fod}");
    }
    assert!(data.contains("strategy = \"pinned\";"));
    assert!(flake.contains("pkgs.fetchurl"));
}

#[test]
fn a_lock_bump_of_one_package_changes_only_its_lines() {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_tree(&fixture("no-binary"), dir.path());
    let before = tool_ok(dir.path(), &["gen", "--strategy", "pinned"]);
    bump_six(dir.path());
    let after = tool_ok(dir.path(), &["gen", "--strategy", "pinned"]);
    let diff = similar::TextDiff::from_lines(&before, &after);
    let changed: Vec<String> = diff
        .iter_all_changes()
        .filter(|c| c.tag() != similar::ChangeTag::Equal)
        .map(|c| c.value().trim().to_string())
        .collect();
    assert!(!changed.is_empty());
    for line in &changed {
        let about_six = line.contains("six") || line.contains("1.17.1") || line.contains("1.17.0");
        let lock_digest = line.starts_with("\"uv.lock\" = ");
        let hash_of_six = line.contains("sha256-ERERERER")
            || line.contains("sha256-RyHzke2Q")
            || line.contains("sha256-IiIi");
        assert!(
            about_six || lock_digest || hash_of_six,
            "unrelated line changed: {line}"
        );
    }
}

/// The drvPath of every output and installed distribution of the e2e
/// project's pinned flake in `dir`, by name.
fn drv_paths(dir: &Path) -> BTreeMap<String, String> {
    let run = common::eval::nix(
        std::process::Command::new("nix-instantiate")
            .args(["--eval", "--strict", "--json", "-E"])
            .arg(format!(
                "builtins.mapAttrs (_: d: d.drvPath) (import {}/tests/eval/shim.nix {{ flakeDir = {}; standIn = {}; fakeGit = true; allPackages = true; }})",
                common::repo().display(),
                dir.display(),
                common::eval::stand_in().display()
            )),
    );
    serde_json::from_str(&run.stdout).expect("drvPaths by name")
}

#[test]
fn a_lock_bump_of_one_wheel_changes_only_its_derivation_and_the_joins() {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_tree(&common::repo().join("tests/e2e/project"), dir.path());
    let generate = ["gen", "--system", "x86_64-linux", "--output", "flake.nix"];
    tool_ok(dir.path(), &generate);
    let before = drv_paths(dir.path());
    bump_six(dir.path());
    tool_ok(dir.path(), &generate);
    let after = drv_paths(dir.path());
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>()
    );
    assert!(before.len() > 15, "{before:#?}");
    let changed: Vec<&str> = before
        .iter()
        .filter(|(name, path)| after[*name] != **path)
        .map(|(name, _)| name.as_str())
        .collect();
    assert_eq!(
        changed,
        [
            "checks/x86_64-linux/import",
            "legacyPackages/x86_64-linux/pythonPackages/six",
            "packages/x86_64-linux/default",
            "packages/x86_64-linux/e2eapp",
            "packages/x86_64-linux/python-deps",
        ]
    );
}

/// Bumps six 1.17.0 to a made-up 1.17.1 (new file name and sha256) in DIR's uv.lock.
fn bump_six(dir: &std::path::Path) {
    let lock = dir.join("uv.lock");
    let text = fs::read_to_string(&lock).expect("lock");
    fs::write(
        &lock,
        text.replace("version = \"1.17.0\"", "version = \"1.17.1\"")
            .replace("six-1.17.0", "six-1.17.1")
            .replace(
                "4721f391ed90541fddacab5acf947aa0d3dc7d27b2e1e8eda2be8970586c3274",
                "2222222222222222222222222222222222222222222222222222222222222222",
            ),
    )
    .expect("bump");
}
