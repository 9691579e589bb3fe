//! `runtime-libraries`: a wheel that loads libraries with `dlopen` gets them
//! on its RUNPATH in the built environment (python-kadmin-rs and krb5's
//! libkadm5clnt_mit), and a project's own row can take them away again.
//! Builds with Nix against the stand-in nixpkgs (x86_64-linux).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{copy_tree, fixture, nix_build, run, tool_ok};

/// The RUNPATH entries of kadmin's extension module in the environment `env`.
fn kadmin_runpath(env: &Path) -> Vec<PathBuf> {
    let site = env.join("lib/python3.11/site-packages/kadmin");
    let module = std::fs::read_dir(&site)
        .expect("kadmin is installed")
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "so"))
        .expect("kadmin's extension module");
    let rpath = run(Command::new("patchelf").arg("--print-rpath").arg(&module));
    rpath.trim().split(':').map(PathBuf::from).collect()
}

/// Whether some RUNPATH entry holds krb5's kadm5 client library.
fn finds_kadm5(runpath: &[PathBuf]) -> bool {
    runpath.iter().any(|dir| {
        std::fs::read_dir(dir).is_ok_and(|entries| {
            entries.flatten().any(|e| {
                e.file_name()
                    .to_string_lossy()
                    .starts_with("libkadm5clnt_mit.so")
            })
        })
    })
}

#[test]
fn a_wheel_finds_the_libraries_it_dlopens_unless_a_row_says_otherwise() {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_tree(&fixture("runtime-libraries"), dir.path());
    let generate = ["gen", "--system", "x86_64-linux", "--output", "flake.nix"];
    tool_ok(dir.path(), &generate);
    let env = nix_build(dir.path(), "packages.x86_64-linux.default");
    assert!(
        finds_kadm5(&kadmin_runpath(&env)),
        "{:?}",
        kadmin_runpath(&env)
    );
    let python =
        run(Command::new(env.join("bin/python")).args(["-c", "import kadmin; print('ok')"]));
    assert_eq!(python.trim(), "ok");

    // A project's own row replaces the built-in field: no runtime libraries.
    std::fs::write(
        dir.path().join("uv2nix.toml"),
        "[package.python-kadmin-rs]\nruntime-libraries = []\n",
    )
    .expect("write");
    tool_ok(dir.path(), &generate);
    let env = nix_build(dir.path(), "packages.x86_64-linux.default");
    assert!(
        !finds_kadm5(&kadmin_runpath(&env)),
        "{:?}",
        kadmin_runpath(&env)
    );
}
