//! A hostile lock (tests/fixtures/hostile): each value either is refused
//! (exit 2, a message naming the place and the fix) or reaches the flake as
//! data that Nix evaluates without running any of it.

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;
use std::process::Command;

use common::eval::{self, NixRun};
use common::{copy_tree, fixture, tool, tool_ok};
use uv2nix_authentik::emit::nix;

/// docopt's sdist URL, as the fixture's lock holds it.
const DOCOPT_URL: &str = r#"https://files.pythonhosted.org/packages/a2/${builtins.abort "pwned"}/"; x = abort "y"; z = "/''${builtins.trace "INJECTED" ""}''/$${y}/\/docopt-0.6.2.tar.gz"#;
/// idna's wheel URL.
const IDNA_URL: &str = r#"https://files.pythonhosted.org/packages/76/${builtins.trace "INJECTED" ""}/''${builtins.abort "x"}''/\"/idna-3.10-py3-none-any.whl"#;
/// six's git source as a flake input URL.
const SIX_INPUT: &str = "git+https://example.org/$'';x=abort'y';z=''/six.git?ref=refs/tags/v1''$&rev=0123456789abcdef0123456789abcdef01234567";
/// six's subdirectory in the git repository.
const SIX_SUBDIRECTORY: &str = "sub/''$'";
/// The local wheel of `wheel`, relative to the project.
const WHEEL_PATH: &str = r#"wheels/${builtins.abort "pwned"}/''/\/"; x = abort "y"; z = "/wheel-0.45.1-py3-none-any.whl"#;
/// What the test writes into the local wheel, to recognise it in the store.
const WHEEL_CONTENT: &str = "the hostile fixture's local wheel\n";
/// Printed by Nix if any `builtins.trace` payload ever runs.
const TRACE_MARK: &str = "INJECTED";

/// The hostile fixture in a fresh directory, with its local wheel.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_tree(&fixture("hostile"), dir.path());
    let wheel = dir.path().join(WHEEL_PATH);
    fs::create_dir_all(wheel.parent().expect("a directory")).expect("mkdir");
    fs::write(&wheel, WHEEL_CONTENT).expect("write wheel");
    dir
}

/// Generates the flake with `strategy` and writes it as `flake.nix`.
fn generate(dir: &Path, strategy: &str) -> String {
    let flake = tool_ok(dir, &["gen", "--strategy", strategy]);
    fs::write(dir.join("flake.nix"), &flake).expect("write flake");
    flake
}

/// Instantiates every x86_64-linux output; returns the derivations and Nix's stderr.
fn instantiate_x86_64(dir: &Path) -> (Vec<String>, String) {
    let (names, listed) = eval::output_names(dir);
    let names: Vec<String> = names
        .into_iter()
        .filter(|n| n.contains("/x86_64-linux/"))
        .collect();
    assert!(
        names.contains(&"packages/x86_64-linux/default".to_string()),
        "{names:?}"
    );
    let (drvs, built) = eval::instantiate(dir, &names);
    (drvs, format!("{}{}", listed.stderr, built.stderr))
}

/// `nix-instantiate --eval --strict --json` of `expr`.
fn eval_json(expr: &str) -> (serde_json::Value, NixRun) {
    let run = eval::nix(
        Command::new("nix-instantiate").args(["--eval", "--strict", "--json", "-E", expr]),
    );
    let value = serde_json::from_str(&run.stdout).expect("JSON");
    (value, run)
}

/// The flake's git input URLs, as Nix reads them.
fn git_inputs(dir: &Path) -> (serde_json::Value, NixRun) {
    eval_json(&format!(
        "builtins.mapAttrs (_: i: i.url) (builtins.removeAttrs (import {}/flake.nix).inputs [ \"nixpkgs\" ])",
        dir.display()
    ))
}

/// `s` quoted for a shell the way nixpkgs' `lib.escapeShellArg` does.
fn shell_quoted(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

fn assert_payloads_escaped(flake: &str) {
    assert!(rnix::Root::parse(flake).errors().is_empty(), "{flake}");
    // Every interpolation the lock carries is escaped: `${` only as `\${`.
    for payload in ["${builtins.abort", "${builtins.trace"] {
        for (i, _) in flake.match_indices(payload) {
            assert!(
                flake[..i].ends_with('\\'),
                "unescaped at byte {i}:\n{flake}"
            );
        }
    }
    // Markers, group names and metadata select packages; they are never printed.
    assert!(!flake.contains("platform_release"), "{flake}");
}

#[test]
fn hostile_values_reach_the_pinned_flake_as_escaped_strings() {
    let dir = project();
    let flake = generate(dir.path(), "pinned");
    assert_payloads_escaped(&flake);
    for value in [
        DOCOPT_URL,
        IDNA_URL,
        WHEEL_PATH,
        SIX_INPUT,
        SIX_SUBDIRECTORY,
    ] {
        assert!(
            flake.contains(&nix::string(value)),
            "{} missing:\n{flake}",
            nix::string(value)
        );
    }
}

#[test]
fn the_pinned_flake_evaluates_without_running_injected_code() {
    let dir = project();
    generate(dir.path(), "pinned");
    let (drvs, stderr) = instantiate_x86_64(dir.path());
    assert!(!stderr.contains(TRACE_MARK), "{stderr}");

    // The URLs arrive in the fetchers byte for byte.
    let derivations = eval::show_derivations(&drvs);
    let derivations = derivations.as_object().expect("derivations by path");
    let urls: BTreeSet<&str> = derivations
        .values()
        .filter_map(|d| d["env"]["urls"].as_str())
        .collect();
    assert!(urls.contains(DOCOPT_URL), "{urls:#?}");
    assert!(urls.contains(IDNA_URL), "{urls:#?}");
    let (docopt, run) = eval_json(&format!(
        "({}).\"packages/x86_64-linux/wheel-docopt\".src.urls",
        eval::shim_expr(dir.path())
    ));
    assert_eq!(docopt, serde_json::json!([DOCOPT_URL]));
    assert!(!run.stderr.contains(TRACE_MARK), "{}", run.stderr);

    // The git input and its subdirectory, likewise.
    let (inputs, run) = git_inputs(dir.path());
    assert_eq!(inputs, serde_json::json!({ "six-src": SIX_INPUT }));
    assert!(!run.stderr.contains(TRACE_MARK), "{}", run.stderr);
    let scripts: Vec<&str> = derivations
        .values()
        .filter_map(|d| d["env"]["installPhase"].as_str())
        .collect();
    let subdirectory = format!("-six-src-stand-in/{}", &shell_quoted(SIX_SUBDIRECTORY)[1..]);
    assert!(
        scripts.iter().any(|s| s.contains(&subdirectory)),
        "{subdirectory} in no install script"
    );

    // The local wheel is the file at the hostile path, copied into the store.
    let wheel = scripts
        .iter()
        .flat_map(|s| s.split_whitespace())
        .find(|w| w.starts_with("/nix/store/") && w.ends_with("-wheel-0.45.1-py3-none-any.whl"))
        .expect("python-deps links the local wheel");
    assert_eq!(
        fs::read_to_string(wheel).expect("in the store"),
        WHEEL_CONTENT
    );
}

#[test]
fn the_uv_sync_flake_evaluates_without_running_injected_code() {
    let dir = project();
    let flake = generate(dir.path(), "uv-sync");
    assert_payloads_escaped(&flake);
    let (drvs, stderr) = instantiate_x86_64(dir.path());
    assert!(!stderr.contains(TRACE_MARK), "{stderr}");
    let (inputs, _) = git_inputs(dir.path());
    assert_eq!(inputs, serde_json::json!({ "six-src": SIX_INPUT }));
    let derivations = eval::show_derivations(&drvs);
    let subdirectory = format!("-six-src-stand-in/{}", &shell_quoted(SIX_SUBDIRECTORY)[1..]);
    assert!(
        derivations
            .as_object()
            .expect("derivations")
            .values()
            .filter_map(|d| d["env"]["installPhase"].as_str())
            .any(|s| s.contains(&subdirectory)),
        "{subdirectory} in no install script"
    );
}

/// The fixture with `from` replaced by `to` in its lock is refused: exit 2,
/// no flake, and the message snapshotted as `name`.
fn assert_refused(name: &str, from: &str, to: &str) {
    let dir = project();
    let lock = dir.path().join("uv.lock");
    let text = fs::read_to_string(&lock).expect("lock");
    assert!(text.contains(from), "{from:?} is not in the fixture");
    fs::write(&lock, text.replacen(from, to, 1)).expect("write lock");
    let [pinned, uv_sync] = ["pinned", "uv-sync"].map(|strategy| {
        let out = tool(dir.path(), &["gen", "--strategy", strategy]);
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(out.status.code(), Some(2), "{name}: {stderr}");
        assert!(out.stdout.is_empty(), "{name}: no flake on error");
        stderr
    });
    assert_eq!(
        pinned, uv_sync,
        "{name}: refused by the reader, whatever the strategy"
    );
    assert!(!pinned.contains("panicked"), "{pinned}");
    assert!(
        pinned.contains("\n  help: "),
        "{name}: no help line: {pinned}"
    );
    insta::assert_snapshot!(name, pinned);
}

#[test]
fn a_package_name_carrying_nix_is_refused() {
    assert_refused(
        "package_name",
        "[[package]]\nname = \"six\"",
        "[[package]]\nname = \"six${builtins.abort \\\"pwned\\\"}\"",
    );
}

#[test]
fn a_version_carrying_nix_is_refused() {
    assert_refused(
        "version",
        "version = \"3.10\"",
        "version = \"3.10\\\"; x = abort \\\"y\\\"; z = \\\"\"",
    );
}

#[test]
fn a_dependency_name_carrying_nix_is_refused() {
    assert_refused(
        "dependency_name",
        "{ name = \"docopt\" }",
        "{ name = \"docopt''${builtins.abort \\\"pwned\\\"}''\" }",
    );
}

#[test]
fn an_extra_carrying_nix_is_refused() {
    assert_refused(
        "extra",
        "{ name = \"six\" }",
        "{ name = \"six\", extra = [\"${builtins.abort \\\"pwned\\\"}\"] }",
    );
}

#[test]
fn a_marker_that_does_not_parse_is_refused() {
    assert_refused(
        "marker",
        "{ name = \"wheel\" },\n]\n\n[package.dev",
        "{ name = \"wheel\", marker = \"python_version >= '3' ${builtins.abort \\\"pwned\\\"}\" },\n]\n\n[package.dev",
    );
}

#[test]
fn a_requires_python_carrying_nix_is_refused() {
    assert_refused(
        "requires_python",
        "requires-python = \"==3.11.*\"",
        "requires-python = \"==3.11.*\\\"; x = abort \\\"y\\\"; z = \\\"\"",
    );
}

#[test]
fn another_hash_algorithm_is_refused() {
    assert_refused(
        "hash_algorithm",
        "hash = \"sha256:946d",
        "hash = \"md5:${builtins.abort \\\"pwned\\\"}:946d",
    );
}

#[test]
fn a_url_without_a_scheme_is_refused() {
    assert_refused(
        "url_scheme",
        "url = \"https://files.pythonhosted.org/packages/76/",
        "url = \"${builtins.abort \\\"pwned\\\"}/76/",
    );
}

#[test]
fn a_nul_byte_in_a_url_is_refused() {
    // Nix strings end at NUL: the flake would silently fetch a shorter URL.
    assert_refused(
        "url_nul",
        "https://files.pythonhosted.org/packages/76/",
        "https://files.pythonhosted.org/\\u0000/packages/76/",
    );
}

#[test]
fn a_nul_byte_in_a_path_is_refused() {
    assert_refused(
        "path_nul",
        "{ path = \"wheels/",
        "{ path = \"wheels/\\u0000/",
    );
}

#[test]
fn a_git_url_nix_cannot_parse_is_refused() {
    assert_refused(
        "git_url",
        "https://example.org/$'';",
        "https://example.org/${builtins.abort \\\"pwned\\\"}/",
    );
}

#[test]
fn a_git_tag_that_would_unpin_the_commit_is_refused() {
    // `?ref=refs/tags/v1#x&rev=...`: Nix would take `#x&rev=...` as a fragment.
    assert_refused("git_fragment", "?tag=v1''$&", "?tag=v1#x&");
}

#[test]
fn a_git_commit_that_is_not_a_hash_is_refused() {
    assert_refused(
        "git_commit",
        "#0123456789abcdef0123456789abcdef01234567",
        "#${builtins.abort \\\"pwned\\\"}",
    );
}

#[test]
fn a_file_name_from_a_url_that_cannot_name_a_store_path_is_refused() {
    assert_refused(
        "file_name_from_url",
        "/docopt-0.6.2.tar.gz",
        "/docopt-0.6.2''${builtins.abort}.tar.gz",
    );
}

#[test]
fn a_file_name_field_that_cannot_name_a_store_path_is_refused() {
    assert_refused(
        "file_name_field",
        "{ url = \"https://files.pythonhosted.org/packages/76/",
        "{ filename = \"idna-3.10-py3-none-any.whl\\\"; x = abort \\\"y\\\"; z = \\\"\", url = \"https://files.pythonhosted.org/packages/76/",
    );
}

/// A valid PEP 440 version with an epoch (`1!3.10`) must not put `!` into the
/// name of the derivation that builds the sdist: Nix refuses it in store paths.
#[test]
fn an_epoch_version_built_from_source_evaluates() {
    let dir = project();
    let lock = dir.path().join("uv.lock");
    let text = fs::read_to_string(&lock).expect("lock");
    let epoch = text.replacen("version = \"0.6.2\"", "version = \"1!0.6.2\"", 1);
    assert_ne!(text, epoch);
    fs::write(&lock, epoch).expect("write");
    generate(dir.path(), "pinned");
    instantiate_x86_64(dir.path());
}
