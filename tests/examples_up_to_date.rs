//! examples/ holds real output: it must equal what the tool prints now.

mod common;

#[test]
fn the_authentik_example_is_what_gen_prints() {
    let example =
        std::fs::read_to_string(common::repo().join("examples/authentik-2026.2.0.flake.nix"))
            .expect("example");
    let now = common::tool_ok(&common::authentik(), &["gen"]);
    assert!(
        example == now,
        "examples/authentik-2026.2.0.flake.nix is stale: run\n  \
         cargo run -- gen --project ../shared/fixtures/authentik-2026.2.0 --output examples/authentik-2026.2.0.flake.nix"
    );
}

#[test]
fn the_renovate_example_regenerates_with_the_documented_command() {
    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(common::repo().join("examples/renovate.json")).expect("example"),
    )
    .expect("valid JSON");
    let commands = &json["packageRules"][0]["postUpgradeTasks"]["commands"];
    assert_eq!(commands[0], "uv2nix-authentik gen > flake.nix");
    let readme = std::fs::read_to_string(common::repo().join("README.md")).expect("readme");
    assert!(readme.contains("\"commands\": [\"uv2nix-authentik gen > flake.nix\"]"));
}
