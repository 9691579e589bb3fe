//! The flake is a function of the project's files alone: byte-identical across
//! runs, locales, time zones, home and working directories, and the order of
//! the lock's `[[package]]` tables; it names no path of the generating machine.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{authentik, copy_tree, repo};
use uv2nix_authentik::read::sha256_hex;

const STRATEGIES: [&str; 2] = ["pinned", "uv-sync"];

/// The authentik project copied into `<root>/project`, with a sibling
/// `<root>/elsewhere` to run from.
struct Setup {
    root: tempfile::TempDir,
}

impl Setup {
    fn new() -> Self {
        let root = tempfile::tempdir().expect("tempdir");
        copy_tree(&authentik(), &root.path().join("project"));
        std::fs::create_dir(root.path().join("elsewhere")).expect("mkdir");
        Self { root }
    }

    fn project(&self) -> PathBuf {
        self.root.path().join("project")
    }

    fn elsewhere(&self) -> PathBuf {
        self.root.path().join("elsewhere")
    }
}

/// `gen --strategy STRATEGY [--project PROJECT]` run in `cwd` with `env` set.
fn generate(cwd: &Path, project: Option<&Path>, strategy: &str, env: &[(&str, &str)]) -> String {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_uv2nix-authentik"));
    cmd.current_dir(cwd).args(["gen", "--strategy", strategy]);
    if let Some(p) = project {
        cmd.arg("--project").arg(p);
    }
    for (key, value) in env {
        cmd.env(key, value);
    }
    let out = cmd.output().expect("the tool runs");
    assert!(
        out.status.success(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

#[test]
fn a_hundred_runs_print_the_same_flake() {
    let setup = Setup::new();
    let project = setup.project();
    for strategy in STRATEGIES {
        let first = generate(&project, None, strategy, &[]);
        let runs: Vec<String> = std::thread::scope(|scope| {
            let workers: Vec<_> = (0..8)
                .map(|worker| {
                    let project = &project;
                    scope.spawn(move || {
                        (worker..99)
                            .step_by(8)
                            .map(|_| generate(project, None, strategy, &[]))
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            workers
                .into_iter()
                .flat_map(|w| w.join().expect("worker"))
                .collect()
        });
        assert_eq!(runs.len(), 99);
        for (i, run) in runs.iter().enumerate() {
            assert!(
                *run == first,
                "{strategy}: run {} differs from the first",
                i + 2
            );
        }
    }
}

#[test]
fn locale_time_zone_and_home_do_not_change_the_flake() {
    let setup = Setup::new();
    let project = setup.project();
    let home = tempfile::tempdir().expect("home");
    let home = home.path().to_str().expect("UTF-8 path");
    for strategy in STRATEGIES {
        let baseline = generate(&project, None, strategy, &[]);
        for env in [
            ("LC_ALL", "C"),
            ("LC_ALL", "de_DE.UTF-8"),
            ("LC_ALL", "tr_TR.UTF-8"),
            ("LANG", "tr_TR.UTF-8"),
            ("TZ", "UTC"),
            ("TZ", "Pacific/Chatham"),
            ("HOME", home),
        ] {
            assert!(
                generate(&project, None, strategy, &[env]) == baseline,
                "{strategy}: {env:?} changes the flake"
            );
        }
        let all = [
            ("LC_ALL", "tr_TR.UTF-8"),
            ("TZ", "Pacific/Chatham"),
            ("HOME", home),
        ];
        assert!(generate(&project, None, strategy, &all) == baseline);
    }
}

#[test]
fn the_working_directory_does_not_change_the_flake() {
    let setup = Setup::new();
    let project = setup.project();
    for strategy in STRATEGIES {
        let baseline = generate(&project, None, strategy, &[]);
        for (cwd, arg) in [
            (setup.elsewhere(), PathBuf::from("../project")),
            (setup.elsewhere(), project.clone()),
            (setup.root.path().to_path_buf(), PathBuf::from("project")),
            (setup.root.path().to_path_buf(), PathBuf::from("./project/")),
            (PathBuf::from("/"), project.clone()),
        ] {
            assert!(
                generate(&cwd, Some(&arg), strategy, &[]) == baseline,
                "{strategy}: --project {} from {} changes the flake",
                arg.display(),
                cwd.display()
            );
        }
    }
}

/// A fixed permutation of `0..n`: Fisher-Yates driven by a 64-bit LCG.
fn permutation(n: usize, seed: u64) -> Vec<usize> {
    let mut state = seed;
    let mut order: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let j = usize::try_from((state >> 33) % (i as u64 + 1)).expect("small");
        order.swap(i, j);
    }
    order
}

/// Forgets where each table was in the file, so they print in array order.
fn clear_positions(table: &mut toml_edit::Table) {
    table.set_position(None);
    for (_, item) in table.iter_mut() {
        match item {
            toml_edit::Item::Table(t) => clear_positions(t),
            toml_edit::Item::ArrayOfTables(a) => a.iter_mut().for_each(clear_positions),
            _ => {}
        }
    }
}

/// The lock with its `[[package]]` tables in a fixed shuffled order.
fn shuffled(lock: &str) -> String {
    let mut doc: toml_edit::DocumentMut = lock.parse().expect("the lock parses");
    let packages = doc["package"]
        .as_array_of_tables_mut()
        .expect("[[package]] tables");
    let tables: Vec<toml_edit::Table> = packages.iter().cloned().collect();
    let mut reordered = toml_edit::ArrayOfTables::new();
    for i in permutation(tables.len(), 7) {
        let mut table = tables[i].clone();
        clear_positions(&mut table);
        reordered.push(table);
    }
    *packages = reordered;
    doc.to_string()
}

/// Package names in lock order, and the lock's meaning with packages sorted.
fn names_and_meaning(lock: &str) -> (Vec<String>, toml::Value) {
    let mut value: toml::Value = toml::from_str(lock).expect("TOML");
    let packages = value["package"].as_array_mut().expect("packages");
    let names = packages
        .iter()
        .map(|p| p["name"].as_str().expect("a name").to_string())
        .collect();
    packages.sort_by_key(|p| p.to_string());
    (names, value)
}

#[test]
fn shuffling_the_locks_packages_changes_only_the_locks_hash() {
    let setup = Setup::new();
    let project = setup.project();
    let lock_path = project.join("uv.lock");
    let lock = std::fs::read_to_string(&lock_path).expect("lock");
    let shuffled_lock = shuffled(&lock);
    let (names, meaning) = names_and_meaning(&lock);
    let (shuffled_names, shuffled_meaning) = names_and_meaning(&shuffled_lock);
    assert!(names.len() > 200, "{}", names.len());
    assert_ne!(names, shuffled_names, "the order changed");
    assert_eq!(meaning, shuffled_meaning, "the content did not");
    let (hash, shuffled_hash) = (
        sha256_hex(lock.as_bytes()),
        sha256_hex(shuffled_lock.as_bytes()),
    );
    assert_ne!(hash, shuffled_hash);

    for strategy in STRATEGIES {
        std::fs::write(&lock_path, &lock).expect("write");
        let original = generate(&project, None, strategy, &[]);
        std::fs::write(&lock_path, &shuffled_lock).expect("write");
        let reordered = generate(&project, None, strategy, &[]);
        assert!(
            original.contains(&hash),
            "{strategy}: the flake records uv.lock's sha256"
        );

        // Line by line: the lock's hash, and for uv-sync the fingerprints
        // derived from it, are all that differ.
        let original_lines: Vec<&str> = original.lines().collect();
        let reordered_lines: Vec<&str> = reordered.lines().collect();
        assert_eq!(original_lines.len(), reordered_lines.len(), "{strategy}");
        let differing: Vec<(&str, &str)> = original_lines
            .iter()
            .zip(&reordered_lines)
            .filter(|(a, b)| a != b)
            .map(|(a, b)| (*a, *b))
            .collect();
        let deps_keys = if strategy == "uv-sync" { 2 } else { 0 };
        assert_eq!(differing.len(), 1 + deps_keys, "{strategy}: {differing:#?}");
        for (a, b) in differing {
            let placeholder = |line: &str, own_hash: &str| {
                if line.trim_start().starts_with("depsKey = ") {
                    "depsKey = <key>;".to_string()
                } else {
                    line.replace(own_hash, "<sha256 of uv.lock>")
                }
            };
            assert_eq!(
                placeholder(a, &hash),
                placeholder(b, &shuffled_hash),
                "{strategy}: only the lock's hash may differ"
            );
            assert!(
                a.contains(&hash) || a.contains("depsKey = "),
                "{strategy}: {a}"
            );
        }
    }
}

/// Whether `text` holds `prefix` as the start of an absolute path (not inside
/// a relative one such as `authentik/root/settings.py`).
fn has_absolute(text: &str, prefix: &str) -> bool {
    text.match_indices(prefix).any(|(i, _)| {
        !text[..i]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || "._-/~".contains(c))
    })
}

#[test]
fn the_flake_names_no_path_of_the_generating_machine() {
    let setup = Setup::new();
    let project = setup.project();
    let home = std::env::var("HOME").unwrap_or_default();
    let mut machine_paths = vec![
        setup.root.path().display().to_string(),
        repo().display().to_string(),
        repo()
            .canonicalize()
            .expect("the repository")
            .display()
            .to_string(),
        authentik()
            .canonicalize()
            .expect("the authentik fixture")
            .display()
            .to_string(),
    ];
    if home.len() > 1 {
        machine_paths.push(home);
    }
    for strategy in STRATEGIES {
        for flake in [
            generate(&project, None, strategy, &[]),
            generate(&setup.elsewhere(), Some(&project), strategy, &[]),
        ] {
            for path in &machine_paths {
                assert!(
                    !has_absolute(&flake, path),
                    "{strategy}: {path} in the flake"
                );
            }
            for prefix in ["/root", "/home", "/tmp"] {
                assert!(
                    !has_absolute(&flake, prefix),
                    "{strategy}: {prefix} in the flake"
                );
            }
        }
    }
    // The check itself sees absolute paths, and only those.
    assert!(has_absolute("src = \"/tmp/x\";", "/tmp"));
    assert!(!has_absolute(
        "file = \"authentik/root/settings.py\";",
        "/root"
    ));
}
