//! uv2nix-authentik: turns `uv.lock` and `pyproject.toml` into a Nix flake.
//!
//! The pipeline is `read` (inputs) -> `plan` (what gets installed, from which
//! artifact) -> `recipes` (native build knowledge, as data) -> `emit` (Nix).

pub mod plan;
pub mod read;
