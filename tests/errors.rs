//! Bad input: exit code 2 and a message naming file, line, column and the fix.

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;

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
fn invalid_project_version() {
    let pyproject = PYPROJECT.replacen(
        "version = \"",
        "version = \"0.1 ${builtins.abort \\\"x\\\"} ",
        1,
    );
    assert_ne!(pyproject, PYPROJECT);
    assert_error(
        &[("pyproject.toml", &pyproject), ("uv.lock", LOCK)],
        "invalid_project_version",
    );
}

#[test]
fn deeply_nested_arrays_are_refused_not_a_stack_overflow() {
    let lock = LOCK.replacen(
        "version = \"1.17.0\"\n",
        &format!("version = \"1.17.0\"\nx = {}\n", "[".repeat(200_000)),
        1,
    );
    assert_ne!(lock, LOCK);
    assert_error(
        &[("pyproject.toml", PYPROJECT), ("uv.lock", &lock)],
        "deeply_nested",
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

/// Runs `gen` in `dir` and checks the refusal: exit 2, no flake, a help line.
fn assert_error_in(dir: &Path, name: &str) -> String {
    let out = tool(dir, &["gen"]);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "exit code for {name}: {stderr}");
    assert!(out.stdout.is_empty(), "no flake on error");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        stderr.contains("\n  help: "),
        "{name} has no help line: {stderr}"
    );
    stderr
}

/// A project with the good pyproject.toml and nothing else, for odd uv.lock files.
fn without_lock() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(dir.path().join("pyproject.toml"), PYPROJECT).expect("write");
    dir
}

#[test]
fn a_truncated_lock_names_where_it_ends() {
    let text = fs::read_to_string(common::authentik().join("uv.lock")).expect("authentik lock");
    let table = text.len() / 2
        + text[text.len() / 2..]
            .find("\n[[package]]\n")
            .expect("a table");
    let mut cut = table + 150;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let pyproject =
        fs::read_to_string(common::authentik().join("pyproject.toml")).expect("pyproject");
    assert_error(
        &[("pyproject.toml", &pyproject), ("uv.lock", &text[..cut])],
        "truncated_lock",
    );
}

#[test]
fn a_lock_version_written_as_a_string_is_refused() {
    let lock = LOCK.replacen("version = 1\n", "version = \"1\"\n", 1);
    assert_error(
        &[("pyproject.toml", PYPROJECT), ("uv.lock", &lock)],
        "lock_version_string",
    );
}

#[test]
fn wheels_written_as_a_string_are_refused() {
    let lock = LOCK.replacen("wheels = [", "wheels = \"x\"\nunused = [", 1);
    assert_error(
        &[("pyproject.toml", PYPROJECT), ("uv.lock", &lock)],
        "wheels_string",
    );
}

#[test]
fn an_artifact_without_a_hash_gets_a_fake_hash_and_a_warning_saying_what_to_do() {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(dir.path().join("pyproject.toml"), PYPROJECT).expect("write");
    let lock = LOCK.replacen(
        ", hash = \"sha256:4721f391ed90541fddacab5acf947aa0d3dc7d27b2e1e8eda2be8970586c3274\"",
        "",
        1,
    );
    assert_ne!(lock, LOCK);
    fs::write(dir.path().join("uv.lock"), lock).expect("write");
    let out = tool(dir.path(), &["gen"]);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let flake = String::from_utf8(out.stdout).expect("UTF-8");
    assert!(
        flake.contains("hash = \"sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\";"),
        "{flake}"
    );
    insta::assert_snapshot!("missing_hash_warning", stderr);
}

#[test]
fn an_artifact_without_url_or_path_is_refused() {
    let lock = LOCK.replacen(
        "{ url = \"https://files.pythonhosted.org/packages/b7/ce/149a00dd41f10bc29e5921b496af8b574d8413afcd5e30dfa0ed46c2cc5e/six-1.17.0-py2.py3-none-any.whl\", ",
        "{ ",
        1,
    );
    assert_error(
        &[("pyproject.toml", PYPROJECT), ("uv.lock", &lock)],
        "artifact_without_location",
    );
}

#[test]
fn an_extra_edge_to_a_missing_package_is_refused() {
    let lock = LOCK.replacen(
        "]\n\n[[package]]\nname = \"six\"",
        "]\n\n[package.optional-dependencies]\nsocks = [\n    { name = \"pysocks\" },\n]\n\n[[package]]\nname = \"six\"",
        1,
    );
    assert_ne!(lock, LOCK);
    assert_error(
        &[("pyproject.toml", PYPROJECT), ("uv.lock", &lock)],
        "dangling_extra_edge",
    );
}

/// The `six` table of [`LOCK`].
fn six_table() -> &'static str {
    &LOCK[LOCK.find("[[package]]\nname = \"six\"").expect("six")..]
}

#[test]
fn a_package_locked_twice_is_refused() {
    let lock = format!("{LOCK}\n{}", six_table());
    assert_error(
        &[("pyproject.toml", PYPROJECT), ("uv.lock", &lock)],
        "duplicate_package",
    );
}

#[test]
fn a_package_locked_twice_that_nothing_depends_on_is_refused() {
    let demo = &LOCK[LOCK.find("[[package]]\nname = \"demo\"").expect("demo")
        ..LOCK.find("[[package]]\nname = \"six\"").expect("six")];
    let lock = format!("{LOCK}\n{demo}");
    assert_error(
        &[("pyproject.toml", PYPROJECT), ("uv.lock", &lock)],
        "duplicate_unused_package",
    );
}

#[test]
fn an_empty_lock_is_refused() {
    assert_error(
        &[("pyproject.toml", PYPROJECT), ("uv.lock", "")],
        "empty_lock",
    );
}

#[test]
fn an_empty_pyproject_is_refused() {
    assert_error(
        &[("pyproject.toml", ""), ("uv.lock", LOCK)],
        "empty_pyproject",
    );
}

#[test]
fn a_huge_lock_is_refused_before_it_is_read() {
    let dir = without_lock();
    const LEN: u64 = 100 * 1024 * 1024;
    const { assert!(LEN > uv2nix_authentik::read::MAX_FILE_BYTES) };
    let file = fs::File::create(dir.path().join("uv.lock")).expect("create");
    file.set_len(LEN).expect("sparse file");
    let stderr = assert_error_in(dir.path(), "too_large");
    insta::assert_snapshot!("too_large", stderr);
}

#[test]
fn a_directory_in_place_of_the_lock_is_refused() {
    let dir = without_lock();
    fs::create_dir(dir.path().join("uv.lock")).expect("mkdir");
    let stderr = assert_error_in(dir.path(), "lock_is_a_directory");
    insta::assert_snapshot!("lock_is_a_directory", stderr);
}

#[test]
fn a_dangling_symlink_in_place_of_the_lock_is_refused() {
    let dir = without_lock();
    std::os::unix::fs::symlink("nowhere.lock", dir.path().join("uv.lock")).expect("symlink");
    let stderr = assert_error_in(dir.path(), "lock_dangling_symlink");
    insta::assert_snapshot!("lock_dangling_symlink", stderr);
}

#[test]
fn a_symlink_loop_in_place_of_the_lock_is_refused() {
    let dir = without_lock();
    std::os::unix::fs::symlink("uv.lock", dir.path().join("uv.lock")).expect("symlink");
    let stderr = assert_error_in(dir.path(), "lock_symlink_loop");
    insta::assert_snapshot!("lock_symlink_loop", stderr);
}

/// Whether this process runs as root, for whom permission bits do not stop reads.
fn is_root() -> bool {
    let status = fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    let uid = status
        .lines()
        .find_map(|l| l.strip_prefix("Uid:"))
        .expect("a Uid line");
    // Real, effective, saved and file system uid: reads check the last.
    uid.split_whitespace().nth(3) == Some("0")
}

/// The tool, run as user `nobody` when this process is root (whom permission
/// bits do not stop), or `None` when `setpriv` cannot do that here.
fn tool_as_unprivileged_user() -> Option<Command> {
    let exe = env!("CARGO_BIN_EXE_uv2nix-authentik");
    if !is_root() {
        return Some(Command::new(exe));
    }
    let setpriv = |cmd: &mut Command| {
        cmd.args(["--reuid=65534", "--regid=65534", "--clear-groups", exe]);
    };
    let mut probe = Command::new("setpriv");
    setpriv(&mut probe);
    let runs = probe
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    runs.then(|| {
        let mut cmd = Command::new("setpriv");
        setpriv(&mut cmd);
        cmd
    })
}

#[test]
fn an_unreadable_lock_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let Some(mut tool) = tool_as_unprivileged_user() else {
        eprintln!("skipped: running as root and `setpriv` cannot start the tool as nobody");
        return;
    };
    let dir = without_lock();
    // Only the lock's own mode may stop the read.
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).expect("chmod dir");
    fs::set_permissions(
        dir.path().join("pyproject.toml"),
        fs::Permissions::from_mode(0o644),
    )
    .expect("chmod pyproject");
    let lock = dir.path().join("uv.lock");
    fs::write(&lock, LOCK).expect("write");
    fs::set_permissions(&lock, fs::Permissions::from_mode(0o000)).expect("chmod");
    let out = tool
        .arg("gen")
        .current_dir(dir.path())
        .output()
        .expect("the tool runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(out.stdout.is_empty(), "no flake on error");
    assert!(
        stderr.contains("./uv.lock: cannot read: Permission denied")
            && stderr.contains("help: make the file readable"),
        "{stderr}"
    );
}

#[test]
fn a_lock_that_is_not_utf8_is_refused() {
    let dir = without_lock();
    let mut bytes = LOCK.as_bytes().to_vec();
    let at = LOCK.find("version = \"1.17.0\"").expect("six's version");
    bytes.splice(at..at, b"# caf\xe9\n".iter().copied());
    fs::write(dir.path().join("uv.lock"), bytes).expect("write");
    let stderr = assert_error_in(dir.path(), "not_utf8");
    insta::assert_snapshot!("not_utf8", stderr);
}
