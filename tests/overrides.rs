//! A project's own build knowledge: recipe rows in `[tool.uv2nix-authentik]`
//! or `uv2nix.toml` merged over the built-ins, and `uv2nix-overrides.nix`
//! applied to the derivations; both survive regeneration, and a bad row is
//! refused with its file, line and column.

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;

use common::eval::{nix, shim_expr};
use common::{copy_tree, fixture, repo, tool, tool_ok};

/// A copy of a fixture in a temporary directory.
fn project(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_tree(&fixture(name), dir.path());
    dir
}

fn append(path: &Path, text: &str) {
    let mut old = fs::read_to_string(path).unwrap_or_default();
    old.push_str(text);
    fs::write(path, old).expect("write");
}

/// The `build` object `plan --json` gives `package` on x86_64-linux.
fn planned_build(dir: &Path, package: &str) -> serde_json::Value {
    let json = tool_ok(dir, &["plan", "--json", "--system", "x86_64-linux"]);
    let plan: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    let entry = plan["packages"]
        .as_array()
        .expect("packages")
        .iter()
        .find(|p| p["name"] == package)
        .unwrap_or_else(|| panic!("{package} is planned"))
        .clone();
    assert_eq!(entry["recipe"], package, "{entry}");
    entry["build"].clone()
}

fn check_code(dir: &Path) -> Option<i32> {
    tool(dir, &["check"]).status.code()
}

const MARKUPSAFE_ZLIB: &str =
    "\n[tool.uv2nix-authentik.package.markupsafe]\nbuild-inputs = [\"zlib\"]\n";

#[test]
fn a_row_in_pyproject_adds_a_native_input_and_survives_regeneration() {
    let dir = project("no-binary");
    append(&dir.path().join("pyproject.toml"), MARKUPSAFE_ZLIB);
    let flake = tool_ok(dir.path(), &["gen", "--output", "flake.nix"]);
    assert!(flake.is_empty());
    let flake = fs::read_to_string(dir.path().join("flake.nix")).expect("flake");
    assert!(
        flake.contains(
            "        markupsafe = {\n          nativeBuildInputs = [ ];\n          buildInputs = [ pkgs.zlib ];\n"
        ),
        "{flake}"
    );
    let build = planned_build(dir.path(), "markupsafe");
    assert_eq!(build["build_inputs"], serde_json::json!(["zlib"]));
    // A row that names no build backend keeps the generic one.
    assert_eq!(
        build["build_system"],
        serde_json::json!(["setuptools", "wheel"])
    );
    assert_eq!(check_code(dir.path()), Some(0));

    // The staleness guard covers the row: changing it makes the flake stale.
    append(
        &dir.path().join("pyproject.toml"),
        "native-build-inputs = [\"pkg-config\"]\n",
    );
    assert_eq!(check_code(dir.path()), Some(1));
    tool_ok(dir.path(), &["gen", "--output", "flake.nix"]);
    assert_eq!(check_code(dir.path()), Some(0));
}

#[test]
fn uv2nix_toml_is_recorded_in_the_staleness_guard() {
    let dir = project("no-binary");
    fs::write(
        dir.path().join("uv2nix.toml"),
        "[package.docopt]\nbuild-inputs = [\"openssl\"]\n",
    )
    .expect("write");
    tool_ok(dir.path(), &["gen", "--output", "flake.nix"]);
    let flake = fs::read_to_string(dir.path().join("flake.nix")).expect("flake");
    assert!(flake.contains("        \"uv2nix.toml\" = \""), "{flake}");
    assert_eq!(
        planned_build(dir.path(), "docopt")["build_inputs"],
        serde_json::json!(["openssl"])
    );
    assert_eq!(check_code(dir.path()), Some(0));
    append(&dir.path().join("uv2nix.toml"), "imports = [\"docopt\"]\n");
    assert_eq!(check_code(dir.path()), Some(1));
}

#[test]
fn fields_replace_the_built_in_row_or_extend_it() {
    let e2e = repo().join("tests/e2e/project");
    let dir = tempfile::tempdir().expect("tempdir");
    copy_tree(&e2e, dir.path());
    let own = dir.path().join("uv2nix.toml");

    fs::write(&own, "[package.xmlsec]\nbuild-inputs = [\"openssl\"]\n").expect("write");
    let build = planned_build(dir.path(), "xmlsec");
    assert_eq!(build["build_inputs"], serde_json::json!(["openssl"]));
    // What the row leaves out stays as built in.
    assert_eq!(
        build["native_build_inputs"],
        serde_json::json!(["pkg-config"])
    );
    assert_eq!(build["locked_build_requires"], serde_json::json!(["lxml"]));

    fs::write(
        &own,
        "[package.xmlsec]\nextend = true\nbuild-inputs = [\"openssl\", \"zlib\"]\nenv.XMLSEC_DEBUG = \"1\"\n",
    )
    .expect("write");
    let build = planned_build(dir.path(), "xmlsec");
    assert_eq!(
        build["build_inputs"],
        serde_json::json!(["libxml2", "libxslt", "xmlsec", "libtool", "openssl", "zlib"])
    );
    assert_eq!(build["env"], serde_json::json!({"XMLSEC_DEBUG": "1"}));

    fs::write(
        &own,
        "[package.gssapi]\nextend = true\nenv.CFLAGS = \"-O1\"\n",
    )
    .expect("write");
    assert_eq!(
        planned_build(dir.path(), "gssapi")["env"],
        serde_json::json!({"CFLAGS": "-O1", "NIX_CFLAGS_COMPILE": "-include gssapi/gssapi_ext.h"})
    );
}

/// Evaluates `attr` of output `output` of the flake in `dir`, as JSON.
fn eval_output(dir: &Path, output: &str, attr: &str) -> serde_json::Value {
    let expr = format!("({}).{}.{attr}", shim_expr(dir), nix_string(output));
    let run = nix(Command::new("nix-instantiate")
        .args(["--eval", "--strict", "--json", "-E"])
        .arg(expr));
    serde_json::from_str(&run.stdout).expect("JSON")
}

fn nix_string(s: &str) -> String {
    format!("\"{s}\"")
}

const SRI: &str = "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";

const NIX_OVERRIDE: &str = r#"{ pkgs, lib }:
{
  markupsafe = old: {
    buildInputs = old.buildInputs ++ [ pkgs.zlib ];
    preBuild = "echo built with the project's own override";
  };
}
"#;

#[test]
fn a_nix_override_changes_the_derivation_and_survives_regeneration() {
    for (strategy, output) in [
        ("pinned", "packages/x86_64-linux/wheel-markupsafe"),
        ("uv-sync", "packages/x86_64-linux/python-deps"),
    ] {
        let dir = project("no-binary");
        let mut first = vec![
            "gen",
            "--strategy",
            strategy,
            "--system",
            "x86_64-linux",
            "--output",
            "flake.nix",
        ];
        if strategy == "uv-sync" {
            // `check` also wants a recorded python-deps hash.
            first.extend(["--deps-hash", SRI]);
        }
        tool_ok(dir.path(), &first);
        let before = eval_output(dir.path(), output, "drvPath");
        assert_eq!(
            eval_output(dir.path(), output, "preBuild or null"),
            serde_json::Value::Null
        );

        let overrides = dir.path().join("uv2nix-overrides.nix");
        fs::write(&overrides, NIX_OVERRIDE).expect("write");
        let after = eval_output(dir.path(), output, "drvPath");
        assert_ne!(before, after, "{strategy}: the override changes {output}");
        assert_eq!(
            eval_output(dir.path(), output, "preBuild"),
            "echo built with the project's own override",
            "{strategy}"
        );
        // The flake did not change, and regenerating neither touches the file
        // nor drops the override.
        assert_eq!(check_code(dir.path()), Some(0), "{strategy}");
        tool_ok(
            dir.path(),
            &[
                "gen",
                "--strategy",
                strategy,
                "--system",
                "x86_64-linux",
                "--output",
                "flake.nix",
            ],
        );
        assert_eq!(
            fs::read_to_string(&overrides).expect("overrides"),
            NIX_OVERRIDE
        );
        assert_eq!(eval_output(dir.path(), output, "drvPath"), after);
        assert_eq!(check_code(dir.path()), Some(0), "{strategy}");
    }
}

/// Writes `files` over a copy of the no-binary fixture, runs `gen`, and checks
/// the refusal: exit 2, no flake, the place and a help line.
fn assert_refused(files: &[(&str, &str)], name: &str) {
    let dir = project("no-binary");
    for (file, text) in files {
        append(&dir.path().join(file), text);
    }
    let out = tool(dir.path(), &["gen"]);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "exit code for {name}: {stderr}");
    assert!(out.stdout.is_empty(), "no flake on error");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(stderr.contains("\n  help: "), "{name}: {stderr}");
    insta::assert_snapshot!(name, stderr);
}

#[test]
fn an_unknown_field_is_refused_where_it_is_written() {
    assert_refused(
        &[(
            "pyproject.toml",
            "\n[tool.uv2nix-authentik.package.markupsafe]\nbuild-input = [\"zlib\"]\n",
        )],
        "unknown_field_in_pyproject",
    );
    assert_refused(
        &[("uv2nix.toml", "[packages.markupsafe]\nbuild-inputs = []\n")],
        "unknown_table_in_uv2nix_toml",
    );
}

#[test]
fn a_package_the_lock_does_not_have_is_refused() {
    assert_refused(
        &[(
            "uv2nix.toml",
            "\n[package.markupsafe]\nimports = [\"markupsafe\"]\n\n[package.lxml]\nbuild-inputs = [\"libxml2\"]\n",
        )],
        "package_not_locked",
    );
    assert_refused(
        &[(
            "uv2nix.toml",
            "[package.MarkupSafe]\nbuild-inputs = [\"zlib\"]\n",
        )],
        "package_not_normalised",
    );
    assert_refused(
        &[(
            "uv2nix.toml",
            "[package.markupsafe]\nlocked-build-requires = [\"six\", \"cython\"]\n",
        )],
        "build_requirement_not_locked",
    );
    assert_refused(
        &[("uv2nix.toml", "[project.authentik]\noutput = \"x\"\n")],
        "project_not_the_root",
    );
}

#[test]
fn a_wrong_type_or_two_places_are_refused() {
    assert_refused(
        &[(
            "uv2nix.toml",
            "[package.markupsafe]\nbuild-inputs = \"zlib\"\n",
        )],
        "wrong_type",
    );
    assert_refused(
        &[(
            "uv2nix.toml",
            "[package.markupsafe]\nbuild-inputs = [\"zlib..dev\"]\n",
        )],
        "bad_attribute_path",
    );
    assert_refused(
        &[
            ("pyproject.toml", MARKUPSAFE_ZLIB),
            ("uv2nix.toml", "[package.docopt]\n"),
        ],
        "two_places",
    );
}

#[test]
fn a_rows_strings_stay_data_in_the_flake() {
    let dir = project("no-binary");
    let hostile = "${builtins.abort \"x\"} '' \\ \" $ {\n}";
    let mut row = String::from("[package.markupsafe]\n");
    row.push_str(&format!("env.HOSTILE = {}\n", toml_string(hostile)));
    row.push_str(&format!(
        "lessons.HOSTILE = {}\n",
        toml_string("a lesson\n  injected = builtins.abort \"x\";")
    ));
    fs::write(dir.path().join("uv2nix.toml"), row).expect("write");
    tool_ok(
        dir.path(),
        &["gen", "--system", "x86_64-linux", "--output", "flake.nix"],
    );
    assert_eq!(
        eval_output(
            dir.path(),
            "packages/x86_64-linux/wheel-markupsafe",
            "HOSTILE"
        ),
        hostile
    );
}

/// `s` as a TOML basic string.
fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

#[test]
fn a_project_row_names_the_environment_and_its_import_check() {
    let dir = project("no-binary");
    append(
        &dir.path().join("pyproject.toml"),
        "\n[tool.uv2nix-authentik.project.no-binary-fixture]\noutput = \"fixture-env\"\nimports = [\"yaml\", \"six\"]\n",
    );
    let flake = tool_ok(dir.path(), &["gen"]);
    assert!(
        flake.contains("        output = \"fixture-env\";\n"),
        "{flake}"
    );
    assert!(
        flake.contains("        imports = [ \"six\" \"yaml\" ];\n"),
        "{flake}"
    );
}
