//! Speed of the pipeline on authentik 2026.2.0 (`cargo bench`), and the
//! measurement behind the choice of `toml` over `toml_edit` for reading uv.lock.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Deserialize;
use uv2nix_authentik::emit::{self, Strategy};
use uv2nix_authentik::plan::{self, Glibc, System, Target};
use uv2nix_authentik::read;

fn main() {
    divan::main();
}

fn authentik() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/authentik-2026.2.0")
}

/// The plans for both systems, planned in parallel as `gen` does.
fn plans(inputs: &read::Inputs) -> Vec<plan::Plan> {
    let python = plan::choose_python(inputs, None).expect("python");
    let targets: Vec<Target> = System::ALL
        .iter()
        .map(|&system| Target {
            python,
            system,
            glibc: Glibc::DEFAULT,
        })
        .collect();
    plan::plan_all(inputs, &targets).expect("plans")
}

fn lock_text() -> String {
    std::fs::read_to_string(authentik().join("uv.lock")).expect("authentik uv.lock")
}

/// The shape of uv.lock the tool reads, for comparing the two TOML crates.
#[derive(Deserialize)]
#[allow(dead_code)]
struct Lock {
    version: u32,
    #[serde(default)]
    package: Vec<Package>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct Package {
    name: String,
    version: Option<String>,
    source: BTreeMap<String, String>,
    #[serde(default)]
    dependencies: Vec<BTreeMap<String, toml::Value>>,
    sdist: Option<BTreeMap<String, toml::Value>>,
    #[serde(default)]
    wheels: Vec<BTreeMap<String, toml::Value>>,
}

#[divan::bench]
fn deserialize_lock_with_toml(bencher: divan::Bencher) {
    let text = lock_text();
    bencher.bench(|| toml::from_str::<Lock>(divan::black_box(&text)).expect("parses"));
}

#[divan::bench]
fn deserialize_lock_with_toml_edit(bencher: divan::Bencher) {
    let text = lock_text();
    bencher.bench(|| toml_edit::de::from_str::<Lock>(divan::black_box(&text)).expect("parses"));
}

/// uv.lock alone, parsed and checked (in pieces, on the available cores).
#[divan::bench]
fn parse_lock(bencher: divan::Bencher) {
    let text = lock_text();
    let path = authentik().join("uv.lock");
    bencher.bench(|| read::Lock::parse(&path, divan::black_box(&text)).expect("parses"));
}

#[divan::bench]
fn read_project() -> read::Inputs {
    read::read_project(&authentik()).expect("reads")
}

#[divan::bench]
fn plan_both_systems(bencher: divan::Bencher) {
    let inputs = read::read_project(&authentik()).expect("reads");
    bencher.bench(|| plans(&inputs));
}

/// The flake for `plans`, as `gen` prints it.
fn render(inputs: &read::Inputs, plans: &[plan::Plan], strategy: Strategy) -> String {
    emit::flake(inputs, plans, strategy, "uv2nix-authentik gen > flake.nix")
        .expect("renders")
        .flake
}

#[divan::bench(args = [Strategy::UvSync, Strategy::Pinned])]
fn emit_only(bencher: divan::Bencher, strategy: Strategy) {
    let inputs = read::read_project(&authentik()).expect("reads");
    let plans = plans(&inputs);
    bencher.bench(|| render(&inputs, &plans, strategy));
}

#[divan::bench(args = [Strategy::UvSync, Strategy::Pinned])]
fn gen_end_to_end(strategy: Strategy) -> String {
    let inputs = read::read_project(&authentik()).expect("reads");
    render(&inputs, &plans(&inputs), strategy)
}
