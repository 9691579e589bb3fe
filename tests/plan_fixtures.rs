//! Plans of small real locks (made with `uv lock`) against what uv itself
//! installs: `tests/fixtures/*/expected-<system>.txt` (see tests/fixtures/README.md).

mod common;

use std::collections::BTreeSet;

use common::{fixture, tool_ok};

/// `name==version kind artifact` lines of our plan, from `plan --json`.
fn planned(name: &str, system: &str) -> BTreeSet<String> {
    let dir = fixture(name);
    let json = tool_ok(
        &dir,
        &["plan", "--json", "--system", system, "--python", "3.12"],
    );
    let plan: serde_json::Value = serde_json::from_str(&json).expect("one JSON object");
    assert_eq!(plan["system"], system);
    assert_eq!(plan["python"], "3.12");
    plan["packages"]
        .as_array()
        .expect("packages")
        .iter()
        .map(|p| {
            let kind = p["kind"].as_str().expect("kind");
            let artifact = match kind {
                "wheel" | "sdist" => p["filename"].as_str(),
                _ => p["url"].as_str(),
            }
            .expect("artifact");
            format!(
                "{}=={} {kind} {artifact}",
                p["name"].as_str().expect("name"),
                p["version"].as_str().expect("version")
            )
        })
        .collect()
}

fn expected(name: &str, system: &str) -> Option<BTreeSet<String>> {
    let path = fixture(name).join(format!("expected-{system}.txt"));
    let text = std::fs::read_to_string(path).ok()?;
    Some(
        text.lines()
            .filter(|l| !l.trim().is_empty())
            .map(str::to_string)
            .collect(),
    )
}

#[test]
fn plans_match_what_uv_installs() {
    let mut compared = 0;
    for name in [
        "extras",
        "git-workspace",
        "groups",
        "markers",
        "no-binary",
        "requires-python-range",
        "uv-toml-override",
    ] {
        for system in ["x86_64-linux", "aarch64-linux"] {
            let Some(expected) = expected(name, system) else {
                continue;
            };
            assert_eq!(planned(name, system), expected, "{name} on {system}");
            compared += 1;
        }
    }
    assert!(compared >= 10, "only {compared} ground truths compared");
}

fn kinds(name: &str, system: &str) -> Vec<(String, String, Option<String>)> {
    let json = tool_ok(
        &fixture(name),
        &["plan", "--json", "--system", system, "--python", "3.12"],
    );
    let plan: serde_json::Value = serde_json::from_str(&json).expect("json");
    plan["packages"]
        .as_array()
        .expect("packages")
        .iter()
        .map(|p| {
            (
                p["name"].as_str().unwrap_or_default().to_string(),
                p["kind"].as_str().unwrap_or_default().to_string(),
                p["reason"].as_str().map(str::to_string),
            )
        })
        .collect()
}

#[test]
fn sdists_say_why_they_are_built() {
    let k = kinds("no-binary", "x86_64-linux");
    let reason = |n: &str| {
        k.iter()
            .find(|(name, _, _)| name == n)
            .and_then(|(_, _, r)| r.clone())
    };
    assert_eq!(reason("markupsafe").as_deref(), Some("no-binary-package"));
    assert_eq!(reason("docopt").as_deref(), Some("no wheels"));
    assert_eq!(reason("pyyaml"), None);
}

#[test]
fn uv_toml_overrides_tool_uv() {
    let k = kinds("uv-toml-override", "x86_64-linux");
    let kind = |n: &str| {
        k.iter()
            .find(|(name, _, _)| name == n)
            .map(|(_, kind, _)| kind.clone())
    };
    assert_eq!(kind("markupsafe").as_deref(), Some("sdist"));
    assert_eq!(kind("pyyaml").as_deref(), Some("wheel"));
}

fn reason_of(fixture_name: &str, package: &str, args: &[&str]) -> (String, String) {
    let mut all = vec!["plan", "--json", "--system", "x86_64-linux"];
    all.extend_from_slice(args);
    let json = tool_ok(&fixture(fixture_name), &all);
    let plan: serde_json::Value = serde_json::from_str(&json).expect("json");
    let p = plan["packages"]
        .as_array()
        .expect("packages")
        .iter()
        .find(|p| p["name"] == package)
        .expect("package planned")
        .clone();
    (
        p["kind"].as_str().unwrap_or_default().to_string(),
        p["reason"].as_str().unwrap_or_default().to_string(),
    )
}

#[test]
fn no_wheel_for_the_interpreter_names_the_abis_there_are() {
    let (kind, reason) = reason_of("requires-python-range", "pyyaml", &["--python", "3.14"]);
    assert_eq!(kind, "sdist");
    assert_eq!(
        reason,
        "no compatible wheel: the lock has wheels for ABI cp310, cp311, cp312, cp313, none for CPython 3.14 (cp314)"
    );
}

#[test]
fn a_wheel_that_needs_newer_glibc_says_so() {
    let (kind, reason) = reason_of(
        "markers",
        "greenlet",
        &["--python", "3.12", "--glibc", "2.17"],
    );
    assert_eq!(kind, "sdist");
    assert!(
        reason.contains("does not fit x86_64-linux with glibc 2.17"),
        "{reason}"
    );
    assert!(
        reason.contains("it needs glibc 2.24: pass --glibc 2.24"),
        "{reason}"
    );
}

#[test]
fn the_authentik_plan_shows_175_packages_on_x86_64() {
    let json = tool_ok(
        &common::authentik(),
        &["plan", "--json", "--system", "x86_64-linux"],
    );
    let plan: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(plan["python"], "3.14");
    let packages = plan["packages"].as_array().expect("packages");
    assert_eq!(packages.len(), 175);
    let names = |kind: &str| -> Vec<&str> {
        packages
            .iter()
            .filter(|p| p["kind"] == kind)
            .filter_map(|p| p["name"].as_str())
            .collect()
    };
    assert_eq!(names("wheel").len(), 170);
    assert_eq!(names("sdist"), ["gssapi", "lxml", "psycopg-c", "xmlsec"]);
    assert_eq!(names("git"), ["opencontainers"]);
    let sorted: Vec<&str> = packages.iter().filter_map(|p| p["name"].as_str()).collect();
    let mut by_name = sorted.clone();
    by_name.sort_unstable();
    assert_eq!(sorted, by_name, "sorted by name");
    let psycopg_c = packages
        .iter()
        .find(|p| p["name"] == "psycopg-c")
        .expect("psycopg-c");
    assert_eq!(psycopg_c["recipe"], "psycopg-c");
    assert!(psycopg_c["sha256"].as_str().is_some_and(|h| h.len() == 64));
}

#[test]
fn plan_json_matches_its_snapshot() {
    let json = tool_ok(
        &fixture("no-binary"),
        &["plan", "--json", "--system", "x86_64-linux"],
    );
    insta::assert_snapshot!("no-binary-plan-x86_64", json);
}

#[test]
fn an_sdist_without_a_recipe_is_named_on_stderr() {
    let out = common::tool(&fixture("no-binary"), &["gen"]);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    for name in ["docopt 0.6.2", "markupsafe 3.0.2"] {
        assert!(
            stderr.contains(&format!("warning: {name} is built from source (x86_64-linux, aarch64-linux), and no recipe knows its native needs")),
            "{stderr}"
        );
    }
}

#[test]
fn no_build_refuses_a_package_without_a_fitting_wheel() {
    let dir = tempfile::tempdir().expect("tempdir");
    common::copy_tree(&fixture("no-binary"), dir.path());
    let pyproject = dir.path().join("pyproject.toml");
    let text = std::fs::read_to_string(&pyproject).expect("pyproject");
    let text = text.replace(
        "[tool.uv]\n",
        "[tool.uv]\nno-build-package = [\"docopt\"]\n",
    );
    std::fs::write(&pyproject, text).expect("write");
    let out = common::tool(dir.path(), &["plan", "--system", "x86_64-linux"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("docopt 0.6.2: no artifact can be installed on x86_64-linux: it is no-build and no wheels"),
        "{stderr}"
    );
}
