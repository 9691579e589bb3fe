//! Bad input: exit code 2 and a message naming file, line, column and the fix.

mod common;

use std::fs;
use std::path::Path;

use common::{copy_tree, tool};

const PYPROJECT: &str = "[project]\nname = \"demo\"\nversion = \"1.0\"\nrequires-python = \"==3.12.*\"\ndependencies = [\"six\"]\n";

const LOCK: &str = r#"version = 1
revision = 3
requires-python = "==3.12.*"

[[package]]
name = "demo"
version = "1.0"
source = { virtual = "." }
dependencies = [
    { name = "six" },
]

[[package]]
name = "six"
version = "1.17.0"
source = { registry = "https://pypi.org/simple" }
wheels = [
    { url = "https://files.pythonhosted.org/packages/b7/ce/149a00dd41f10bc29e5921b496af8b574d8413afcd5e30dfa0ed46c2cc5e/six-1.17.0-py2.py3-none-any.whl", hash = "sha256:4721f391ed90541fddacab5acf947aa0d3dc7d27b2e1e8eda2be8970586c3274", size = 11050 },
]
"#;

/// Writes a project with the given files into a fresh directory and runs `gen` there.
fn gen_with(files: &[(&str, &str)]) -> (i32, String) {
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, text) in files {
        fs::write(dir.path().join(name), text).expect("write");
    }
    let out = tool(dir.path(), &["gen"]);
    assert!(out.stdout.is_empty(), "no flake on error");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn assert_error(files: &[(&str, &str)], name: &str) {
    let (code, stderr) = gen_with(files);
    assert_eq!(code, 2, "exit code for {name}: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    insta::assert_snapshot!(name, stderr);
}

#[test]
fn the_good_project_generates() {
    let (code, stderr) = {
        let dir = tempfile::tempdir().expect("tempdir");
        fs::write(dir.path().join("pyproject.toml"), PYPROJECT).expect("write");
        fs::write(dir.path().join("uv.lock"), LOCK).expect("write");
        let out = tool(dir.path(), &["gen"]);
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    assert_eq!(code, Some(0), "{stderr}");
}

#[test]
fn missing_lock() {
    assert_error(&[("pyproject.toml", PYPROJECT)], "missing_lock");
}

#[test]
fn missing_pyproject() {
    assert_error(&[("uv.lock", LOCK)], "missing_pyproject");
}

#[test]
fn invalid_toml_in_lock() {
    let broken = LOCK.replace("name = \"six\"\nversion", "name = \"six\nversion");
    assert_error(
        &[("pyproject.toml", PYPROJECT), ("uv.lock", &broken)],
        "invalid_toml",
    );
}

#[test]
fn invalid_toml_in_pyproject() {
    assert_error(
        &[("pyproject.toml", "[project\nname = 1"), ("uv.lock", LOCK)],
        "invalid_pyproject",
    );
}

#[test]
fn wrong_lock_version() {
    let v2 = LOCK.replace("version = 1\n", "version = 2\n");
    assert_error(
        &[("pyproject.toml", PYPROJECT), ("uv.lock", &v2)],
        "lock_version",
    );
}

#[test]
fn unknown_source_kind() {
    let odd = LOCK.replace(
        "source = { registry = \"https://pypi.org/simple\" }",
        "source = { mercurial = \"https://hg.example/six\" }",
    );
    assert_error(
        &[("pyproject.toml", PYPROJECT), ("uv.lock", &odd)],
        "unknown_source",
    );
}

#[test]
fn dangling_dependency_edge() {
    let dangling = LOCK.replace("    { name = \"six\" },", "    { name = \"seven\" },");
    assert_error(
        &[("pyproject.toml", PYPROJECT), ("uv.lock", &dangling)],
        "dangling_edge",
    );
}

#[test]
fn lock_excludes_the_interpreter() {
    let lock = LOCK.replace(
        "requires-python = \"==3.12.*\"",
        "requires-python = \">=3.13\"",
    );
    assert_error(
        &[("pyproject.toml", PYPROJECT), ("uv.lock", &lock)],
        "lock_excludes_python",
    );
}

#[test]
fn a_missing_workspace_member_is_named() {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_tree(&common::fixture("git-workspace"), dir.path());
    fs::remove_dir_all(dir.path().join("packages")).expect("rm");
    let out = tool(dir.path(), &["gen"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("pyproject.toml: file not found"),
        "{stderr}"
    );
    let _ = Path::new("");
}
