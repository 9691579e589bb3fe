//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod eval;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The real authentik 2026.2.0 inputs, kept outside the repository.
pub fn authentik() -> PathBuf {
    repo().join("../shared/fixtures/authentik-2026.2.0")
}

/// A fixture of this repository.
pub fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures").join(name)
}

/// `gen` for uv-sync on x86_64-linux, written to `flake.nix`.
pub const GEN_UV_SYNC_X86_64: [&str; 7] = [
    "gen",
    "--strategy",
    "uv-sync",
    "--system",
    "x86_64-linux",
    "--output",
    "flake.nix",
];

/// Runs the tool in `dir` with `args`.
pub fn tool(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_uv2nix-authentik"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the tool runs")
}

/// Runs the tool and returns its stdout, failing on a non-zero exit.
pub fn tool_ok(dir: &Path, args: &[&str]) -> String {
    let out = tool(dir, args);
    assert!(
        out.status.success(),
        "uv2nix-authentik {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// Runs a command, failing with its output when it does not succeed.
pub fn run(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap_or_else(|e| {
        panic!("cannot run {cmd:?}: {e} (the README's test command installs it)")
    });
    assert!(
        out.status.success(),
        "{cmd:?} failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Copies a directory tree (files and directories only).
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("readdir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
            let mut perms = std::fs::metadata(&target).expect("meta").permissions();
            #[allow(clippy::permissions_set_readonly_false)]
            perms.set_readonly(false);
            std::fs::set_permissions(&target, perms).expect("chmod");
        }
    }
}

/// A generated flake without the library it includes (`nix/lib.nix`): the
/// data of this project alone.
pub fn data_of(flake: &str) -> String {
    let start = flake
        .find("      uv2nix = (\n")
        .expect("the flake includes the library");
    let end = flake[start..]
        .find("      ) { inherit lib; };\n")
        .map(|i| start + i)
        .expect("the library ends");
    format!("{}{}", &flake[..start], &flake[end..])
}

/// Options every Nix call needs here: root without a sandbox, no cache, flakes.
pub fn nix_options() -> Vec<String> {
    [
        "--option",
        "build-users-group",
        "",
        "--option",
        "substituters",
        "",
        "--override-input",
        "nixpkgs",
    ]
    .iter()
    .map(|s| s.to_string())
    .chain([
        format!("path:{}", repo().join("tests/nixpkgs-stand-in").display()),
        "--no-write-lock-file".to_string(),
    ])
    .collect()
}

/// `nix build DIR#ATTR` against the stand-in; returns the output path.
pub fn nix_build(dir: &Path, attr: &str) -> PathBuf {
    let out = run(Command::new("nix")
        .args([
            "build",
            "--extra-experimental-features",
            "nix-command flakes",
        ])
        .args(["--no-link", "--json"])
        .arg(format!("{}#{attr}", dir.display()))
        .args(nix_options()));
    let json: serde_json::Value = serde_json::from_str(&out).expect("nix build --json");
    PathBuf::from(json[0]["outputs"]["out"].as_str().expect("an out path"))
}
