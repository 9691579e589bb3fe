//! The plan for the real authentik 2026.2.0 lock (from ../shared/fixtures).

use std::path::PathBuf;

use uv2nix_authentik::plan::{self, Glibc, System, Target};
use uv2nix_authentik::read;

fn authentik() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/authentik-2026.2.0")
}

#[test]
fn authentik_x86_64_installs_175_packages() {
    let inputs = read::read_project(&authentik()).expect("authentik reads");
    let python = plan::choose_python(&inputs, None).expect("python");
    assert_eq!(python.to_string(), "3.14");
    let plan = plan::plan(
        &inputs,
        Target {
            python,
            system: System::X86_64Linux,
            glibc: Glibc::DEFAULT,
        },
    )
    .expect("plan");
    let count = |kind: &str| {
        plan.packages
            .iter()
            .filter(|p| p.selected.kind() == kind)
            .count()
    };
    let names = |kind: &str| -> Vec<String> {
        plan.packages
            .iter()
            .filter(|p| p.selected.kind() == kind)
            .map(|p| p.name.to_string())
            .collect()
    };
    assert_eq!(plan.packages.len(), 175);
    assert_eq!(count("wheel"), 170);
    assert_eq!(names("sdist"), ["gssapi", "lxml", "psycopg-c", "xmlsec"]);
    assert_eq!(names("git"), ["opencontainers"]);
    let local: Vec<String> = plan.local.iter().map(|l| l.name.to_string()).collect();
    assert_eq!(
        local,
        [
            "authentik",
            "ak-guardian",
            "django-channels-postgres",
            "django-dramatiq-postgres",
            "django-postgres-cache"
        ]
    );
}
