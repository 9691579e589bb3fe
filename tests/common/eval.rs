//! Evaluating a generated flake with `nix-instantiate` against the stand-in
//! nixpkgs, through tests/eval/shim.nix with git inputs faked (as tests/eval.rs does).

use std::path::{Path, PathBuf};
use std::process::Command;

use super::repo;

/// The stand-in nixpkgs.
pub fn stand_in() -> PathBuf {
    repo().join("tests/nixpkgs-stand-in")
}

/// What a Nix command printed.
#[derive(Debug)]
pub struct NixRun {
    pub stdout: String,
    pub stderr: String,
}

/// Runs a Nix command, failing the test with its output when it fails.
pub fn nix(cmd: &mut Command) -> NixRun {
    let out = cmd.output().unwrap_or_else(|e| {
        panic!("cannot run {cmd:?}: {e} (the README's test command installs it)")
    });
    let run = NixRun {
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert!(
        out.status.success(),
        "{cmd:?} failed:\n{}\n{}",
        run.stdout,
        run.stderr
    );
    run
}

/// The shim applied to the flake in `dir`, as a Nix expression.
pub fn shim_expr(dir: &Path) -> String {
    format!(
        "import {}/tests/eval/shim.nix {{ flakeDir = {}; standIn = {}; fakeGit = true; }}",
        repo().display(),
        dir.display(),
        stand_in().display()
    )
}

/// The names of the flake's outputs, e.g. `packages/x86_64-linux/default`.
pub fn output_names(dir: &Path) -> (Vec<String>, NixRun) {
    let run = nix(Command::new("nix-instantiate")
        .args(["--eval", "--json", "-E"])
        .arg(format!("builtins.attrNames ({})", shim_expr(dir))));
    let names = serde_json::from_str(&run.stdout).expect("a JSON list of names");
    (names, run)
}

/// Instantiates the outputs `names` of the flake in `dir`: one `.drv` path each.
pub fn instantiate(dir: &Path, names: &[String]) -> (Vec<String>, NixRun) {
    let mut cmd = Command::new("nix-instantiate");
    cmd.arg(repo().join("tests/eval/shim.nix"))
        .args(["--arg", "flakeDir"])
        .arg(dir)
        .args(["--arg", "standIn"])
        .arg(stand_in())
        .args(["--arg", "fakeGit", "true"]);
    for name in names {
        cmd.arg("-A").arg(name);
    }
    let run = nix(&mut cmd);
    let drvs: Vec<String> = run
        .stdout
        .lines()
        .filter(|l| l.ends_with(".drv"))
        .map(str::to_string)
        .collect();
    assert_eq!(
        drvs.len(),
        names.len(),
        "one derivation per output:\n{run:?}"
    );
    (drvs, run)
}

/// `nix show-derivation -r` of `drvs`: every derivation of their closure, as JSON.
pub fn show_derivations(drvs: &[String]) -> serde_json::Value {
    let run = nix(Command::new("nix")
        .args([
            "--extra-experimental-features",
            "nix-command",
            "show-derivation",
            "-r",
        ])
        .args(drvs));
    serde_json::from_str(&run.stdout).expect("JSON derivations")
}
