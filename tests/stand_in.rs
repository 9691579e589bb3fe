//! The stand-in nixpkgs itself: every offered attribute evaluates for both
//! systems, and its builds behave like nixpkgs' (tests/nixpkgs-stand-in/selftest.sh).

mod common;

use std::process::Command;

#[test]
fn the_stand_in_passes_its_self_test() {
    let out = common::run(
        Command::new("bash").arg(common::repo().join("tests/nixpkgs-stand-in/selftest.sh")),
    );
    assert!(out.contains(" 0 failed"), "{out}");
}
