//! End to end: the generated flake really builds with Nix (flakes, nixpkgs
//! overridden by the stand-in), sdists compiled against native libraries, and
//! the result runs. Takes a few minutes: uv and pip compile lxml, gssapi,
//! psycopg-c and xmlsec.

mod common;

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use common::{copy_tree, fixture, nix_build, nix_options, repo, run, tool, tool_ok};

/// The deterministic local git repository the projects lock.
fn git_source() {
    run(Command::new("bash").arg(repo().join("tests/e2e/make-git-source.sh")));
}

fn project(path: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_tree(path, dir.path());
    dir
}

/// Every ELF file reachable from `out` (the environment is links into each
/// package's own output: they are followed) with a NEEDED entry `ldd` cannot
/// resolve.
fn unresolved_libraries(out: &Path) -> Vec<String> {
    let mut bad = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    let mut stack = vec![out.to_path_buf()];
    let mut elves = 0;
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("readdir").flatten() {
            let path = entry.path();
            let Ok(real) = path.canonicalize() else {
                continue;
            };
            if !seen.insert(real.clone()) {
                continue;
            }
            if real.is_dir() {
                stack.push(real);
            } else if real.is_file()
                && std::fs::read(&real).is_ok_and(|b| b.starts_with(b"\x7fELF"))
            {
                elves += 1;
                let ldd = Command::new("ldd").arg(&real).output().expect("ldd");
                let text = String::from_utf8_lossy(&ldd.stdout);
                bad.extend(
                    text.lines()
                        .filter(|l| l.contains("not found"))
                        .map(|l| format!("{}: {l}", real.display())),
                );
            }
        }
    }
    assert!(elves > 10, "only {elves} ELF files in {}", out.display());
    bad
}

/// Builds the e2e project's flake with `strategy` and checks what it built.
fn build_e2e(strategy: &str) {
    git_source();
    let dir = project(&repo().join("tests/e2e/project"));
    tool_ok(
        dir.path(),
        &[
            "gen",
            "--system",
            "x86_64-linux",
            "--strategy",
            strategy,
            "--output",
            "flake.nix",
        ],
    );
    let started = Instant::now();
    if strategy == "uv-sync" {
        let out = hash_with_nix(dir.path());
        assert!(
            out.status.success(),
            "hash: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let hashes =
            std::fs::read_to_string(dir.path().join("uv2nix-hashes.json")).expect("hash recorded");
        assert!(hashes.contains("sha256-"), "{hashes}");
        // The flake still matches what gen prints: the hash lives beside it.
        assert_eq!(tool(dir.path(), &["check"]).status.code(), Some(0));
    }
    let check = nix_build(dir.path(), "checks.x86_64-linux.import");
    assert!(check.exists());
    let env = nix_build(dir.path(), "packages.x86_64-linux.default");
    let seconds = started.elapsed().as_secs();
    let imports = "import psycopg, psycopg_c, gssapi, lxml.etree, xmlsec, yaml, ocigit, e2emember, e2eapp\n\
                   assert lxml.etree.LIBXML_VERSION >= (2, 9)\n\
                   print('imported')";
    let python = run(Command::new(env.join("bin/python")).args(["-c", imports]));
    assert_eq!(python.trim(), "imported");
    // The environment links each package's own output, bytecode included.
    let sp = env.join("lib/python3.11/site-packages");
    let six = sp.join("six.py");
    assert!(six.is_symlink(), "{} is a link", six.display());
    let lxml = sp.join("lxml").canonicalize().expect("lxml resolves");
    assert!(!lxml.starts_with(&env), "{}", lxml.display());
    assert!(lxml.join("__pycache__").is_dir(), "lxml is compiled");
    let unresolved = unresolved_libraries(&env);
    assert!(unresolved.is_empty(), "{unresolved:#?}");
    let size = run(Command::new("du").args(["-sh"]).arg(&env));
    eprintln!(
        "e2e {strategy}: built in {seconds} s, result {}",
        size.split_whitespace().next().unwrap_or("?")
    );
}

#[test]
fn the_e2e_project_builds_and_runs_with_uv_sync() {
    build_e2e("uv-sync");
}

#[test]
fn the_e2e_project_builds_and_runs_pinned() {
    build_e2e("pinned");
}

/// The tiny fixture with its uv-sync flake for x86_64-linux.
fn tiny_uv_sync() -> tempfile::TempDir {
    let dir = project(&fixture("tiny"));
    tool_ok(dir.path(), &common::GEN_UV_SYNC_X86_64);
    dir
}

/// `uv2nix-authentik hash -- <nix options>` in `dir`.
fn hash_with_nix(dir: &Path) -> std::process::Output {
    let options = nix_options();
    let mut args = vec!["hash", "--"];
    args.extend(options.iter().map(String::as_str));
    tool(dir, &args)
}

#[test]
fn hash_records_what_a_real_nix_build_reports() {
    let dir = tiny_uv_sync();
    let first = hash_with_nix(dir.path());
    let stderr = String::from_utf8_lossy(&first.stderr);
    assert!(first.status.success(), "{stderr}");
    assert!(stderr.contains("x86_64-linux: sha256-"), "{stderr}");
    let hashes = std::fs::read_to_string(dir.path().join("uv2nix-hashes.json")).expect("recorded");
    // The flake now builds with the recorded hash, and hash finds nothing to change.
    let env = nix_build(dir.path(), "packages.x86_64-linux.default");
    // The console script of the `wheel` distribution runs with the environment.
    let version = run(Command::new(env.join("bin/wheel")).arg("version"));
    assert_eq!(version.trim(), "wheel 0.45.1");
    let again = hash_with_nix(dir.path());
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert!(stderr.contains("the recorded hash is right"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("uv2nix-hashes.json")).expect("kept"),
        hashes
    );
}

#[test]
fn hash_without_nix_says_what_to_install() {
    let dir = tiny_uv_sync();
    let out = Command::new(env!("CARGO_BIN_EXE_uv2nix-authentik"))
        .arg("hash")
        .current_dir(dir.path())
        .env("PATH", "/nonexistent")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nix is not on PATH: install Nix"));
}

#[test]
fn the_authentik_project_recipe_patches_and_lays_out_a_real_build() {
    let dir = project(&repo().join("tests/e2e/authentik-recipe"));
    tool_ok(
        dir.path(),
        &["gen", "--system", "x86_64-linux", "--output", "flake.nix"],
    );
    nix_build(dir.path(), "checks.x86_64-linux.import");
    let out = nix_build(dir.path(), "packages.x86_64-linux.authentik-django");
    let sp = out.join("lib/python3.11/site-packages");
    let read =
        |p: &Path| std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    // The recipe runs in the project's own derivation, which the environment links.
    let project = sp
        .join("authentik")
        .canonicalize()
        .expect("site-packages/authentik resolves");
    let project = project
        .ancestors()
        .nth(4)
        .expect("PROJECT/lib/python3.11/site-packages/authentik");
    assert_ne!(project, out, "the project is its own derivation");
    assert!(project.join("blueprints/default/flow.yaml").is_file());
    let out_str = project.display().to_string();
    assert!(
        read(&sp.join("authentik/root/settings.py"))
            .contains(&format!("BASE_DIR = Path(\"{out_str}\")"))
    );
    assert!(
        read(&sp.join("authentik/lib/default.yml"))
            .contains(&format!("blueprints_dir: {out_str}/blueprints"))
    );
    let utils = read(&sp.join("authentik/stages/email/utils.py"));
    assert!(
        utils.contains(&format!(
            "Path(\"{out_str}/web/icons/icon_left_brand.png\")"
        )),
        "{utils}"
    );
    assert!(
        utils.contains(&format!(
            "Path(\"{out_str}/web/dist/assets/icons/icon_left_brand.png\")"
        )),
        "{utils}"
    );
    let ak = read(&sp.join("lifecycle/ak"));
    let shebang = ak.lines().next().unwrap_or_default();
    assert!(
        shebang.starts_with("#!/nix/store/") && shebang.ends_with("/bin/bash"),
        "{shebang}"
    );
    assert!(out.join("blueprints/default/flow.yaml").is_file());
    assert!(sp.join("manage.py").is_file());
    assert!(
        out.join("authentik").join("root").is_dir(),
        "$out/authentik links site-packages/authentik"
    );
    let ak_run = run(Command::new(out.join("lifecycle/ak")).arg("worker"));
    assert_eq!(ak_run.trim(), "ak: worker");
    let settings = run(Command::new(out.join("bin/python")).args([
        "-c",
        "from authentik.root.settings import BASE_DIR; print(BASE_DIR)",
    ]));
    assert_eq!(settings.trim(), out_str);
}

#[test]
fn pinned_console_scripts_run_with_the_environment() {
    let dir = project(&fixture("tiny"));
    tool_ok(
        dir.path(),
        &["gen", "--system", "x86_64-linux", "--output", "flake.nix"],
    );
    let env = nix_build(dir.path(), "packages.x86_64-linux.default");
    // pypa's installer wrote the script into wheel's own output, naming the
    // interpreter; the environment's copy names the environment's python.
    let script = env.join("bin/wheel");
    let text = std::fs::read_to_string(&script).expect("bin/wheel");
    assert_eq!(
        text.lines().next(),
        Some(format!("#!{}/bin/python", env.display()).as_str())
    );
    let version = run(Command::new(&script).arg("version"));
    assert_eq!(version.trim(), "wheel 0.45.1");
    let wheel = nix_build(
        dir.path(),
        "legacyPackages.x86_64-linux.pythonPackages.wheel",
    );
    assert!(wheel.join("bin/wheel").is_file());
    assert!(
        wheel
            .join("lib/python3.11/site-packages/wheel-0.45.1.dist-info/RECORD")
            .is_file()
    );
}
