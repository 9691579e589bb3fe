//! Bad input never panics: mutated locks and pyprojects are read, planned and
//! rendered, or refused with an error, never a crash.

mod common;

use std::fs;

use proptest::prelude::*;
use uv2nix_authentik::emit::{self, Strategy};
use uv2nix_authentik::plan::{self, Glibc, System, Target};
use uv2nix_authentik::read;

/// The whole pipeline on a project directory; only panics matter here.
fn pipeline(dir: &std::path::Path) {
    let Ok(inputs) = read::read_project(dir) else {
        return;
    };
    let Ok(python) = plan::choose_python(&inputs, None) else {
        return;
    };
    let plans: Result<Vec<_>, _> = System::ALL
        .iter()
        .map(|&system| {
            plan::plan(
                &inputs,
                Target {
                    python,
                    system,
                    glibc: Glibc::DEFAULT,
                },
            )
        })
        .collect();
    if let Ok(plans) = plans {
        for strategy in [Strategy::Pinned, Strategy::UvSync] {
            emit::flake(
                &inputs,
                &plans,
                strategy,
                "uv2nix-authentik gen > flake.nix",
            )
            .expect("rendering a valid plan never fails");
        }
    }
}

/// A fixture's files with `text` replacing `file`.
fn mutated(file: &str, text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    common::copy_tree(&common::fixture("git-workspace"), dir.path());
    fs::write(dir.path().join(file), text).expect("write");
    dir
}

fn original(file: &str) -> String {
    fs::read_to_string(common::fixture("git-workspace").join(file)).expect("fixture")
}

/// Replaces the bytes at `at..at+len` (clamped to char boundaries) with `with`.
fn splice(text: &str, at: usize, len: usize, with: &str) -> String {
    let mut start = at % (text.len() + 1);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (start + len).min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    format!("{}{with}{}", &text[..start], &text[end..])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn mutated_locks_never_panic(at in 0usize..20_000, len in 0usize..40,
                                 with in "[\"\\[\\]{}=,.#a-z0-9 \\n]{0,12}") {
        let lock = splice(&original("uv.lock"), at, len, &with);
        pipeline(mutated("uv.lock", &lock).path());
    }

    #[test]
    fn mutated_pyprojects_never_panic(at in 0usize..2_000, len in 0usize..40,
                                      with in "[\"\\[\\]{}=,.#a-z0-9<>* \\n]{0,12}") {
        let pyproject = splice(&original("pyproject.toml"), at, len, &with);
        pipeline(mutated("pyproject.toml", &pyproject).path());
    }
}
