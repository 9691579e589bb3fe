//! `uv2nix-authentik`: parse the command line, run, print any error once.

use std::process::ExitCode;

use clap::Parser;
use uv2nix_authentik::cli::{self, Cli};

fn main() -> ExitCode {
    match cli::run(Cli::parse()) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(2)
        }
    }
}
