//! uv2nix-authentik: turns `uv.lock` and `pyproject.toml` into a Nix flake.
//!
//! The pipeline is `read` (inputs) -> `plan` (what gets installed, from which
//! artifact) -> `recipes` (native build knowledge, as data) -> `emit` (Nix).

pub mod cli;
pub mod emit;
pub mod hashes;
pub mod output;
pub mod plan;
pub mod read;
pub mod recipes;
pub mod regen;
pub mod report;
