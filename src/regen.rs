//! The Renovate loop: `check` compares a flake with what `gen` prints now;
//! `hash` builds python-deps and records its hash; `gen` keeps recorded hashes
//! whose fingerprint still matches and says what to run when one is reset.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command as Process, ExitCode};

use clap::Parser;

use crate::cli::{self, CheckArgs, Cli, Command, GenArgs, HashArgs};
use crate::emit::context::SystemContext;
use crate::emit::{Generated, Strategy};
use crate::hashes::{DepsHashes, FILE};
use crate::report::Error;

/// The header line that records the command.
const REGENERATE: &str = "# Regenerate with: ";

/// Applies `--deps-hash`, drops hashes no longer in use, and tells what to do
/// for every system whose python-deps has no hash.
pub fn record_hashes(
    dir: &Path,
    generated: &Generated,
    deps_hashes: &[String],
) -> Result<(), Error> {
    let systems = &generated.context.systems;
    let mut hashes = DepsHashes::load(dir)?;
    for arg in deps_hashes {
        let (only, sri) = match arg.split_once('=') {
            Some((system, sri)) if !system.starts_with("sha256-") => (Some(system), sri),
            _ => (None, arg.as_str()),
        };
        let mut matched = false;
        for s in systems.iter().filter(|s| only.is_none_or(|o| o == s.name)) {
            hashes.set(&s.deps_key, sri)?;
            matched = true;
        }
        if !matched {
            return Err(Error::Usage(format!(
                "--deps-hash {arg}: the flake has no system {}",
                only.unwrap_or("")
            )));
        }
    }
    let keys: BTreeSet<&str> = systems.iter().map(|s| s.deps_key.as_str()).collect();
    let dropped = hashes.retain(&keys);
    hashes.save(dir)?;
    let missing = without_hash(&hashes, systems);
    if !missing.is_empty() {
        let why = if dropped > 0 {
            "what goes into it changed (uv.lock, pyproject.toml, Python, uv arguments or recipes), so the recorded hash was reset"
        } else {
            "no hash is recorded yet"
        };
        eprintln!(
            "note: python-deps for {systems}: {why}; the flake uses lib.fakeHash until one is.\n  \
             to fix: run `uv2nix-authentik hash` where Nix can build {systems} (it builds python-deps and \
             records its hash in {FILE}), then commit {FILE};\n  \
             or build .#packages.SYSTEM.python-deps and pass the hash Nix prints after `got:` as \
             `uv2nix-authentik gen --deps-hash SYSTEM=sha256-... > flake.nix`",
            systems = missing.join(", ")
        );
    }
    Ok(())
}

/// The systems whose python-deps has no recorded hash.
fn without_hash(hashes: &DepsHashes, systems: &[SystemContext]) -> Vec<&'static str> {
    systems
        .iter()
        .filter(|s| hashes.get(&s.deps_key).is_none())
        .map(|s| s.name)
        .collect()
}

/// `check`: 0 when up to date, 1 with a diff when stale (or, for uv-sync,
/// when python-deps has no recorded hash).
pub fn check(args: &CheckArgs) -> Result<ExitCode, Error> {
    let (text, gen_args) = read_generated(&args.flake)?;
    let generated = cli::generate(&gen_args)?;
    let fresh = &generated.flake;
    if *fresh == text {
        if gen_args.strategy == Strategy::UvSync {
            let hashes = DepsHashes::load(&project_dir(&args.flake))?;
            let missing = without_hash(&hashes, &generated.context.systems);
            if !missing.is_empty() {
                eprintln!(
                    "{} is up to date, but {FILE} has no python-deps hash for {}: run `uv2nix-authentik hash` and commit {FILE}",
                    args.flake.display(),
                    missing.join(", ")
                );
                return Ok(ExitCode::from(1));
            }
        }
        eprintln!("{} is up to date", args.flake.display());
        return Ok(ExitCode::SUCCESS);
    }
    let name = args.flake.display().to_string();
    let diff = similar::TextDiff::from_lines(&text, fresh)
        .unified_diff()
        .context_radius(3)
        .header(&name, &format!("{name} (regenerated)"))
        .to_string();
    cli::write_stdout(diff.as_bytes())?;
    eprintln!(
        "{name} is stale: run `{}` and commit the result",
        gen_args.command()
    );
    Ok(ExitCode::from(1))
}

/// `hash`: builds python-deps with a fake hash and records the one Nix reports.
pub fn hash(args: &HashArgs) -> Result<ExitCode, Error> {
    let (text, gen_args) = read_generated(&args.flake)?;
    let generated = cli::generate(&gen_args)?;
    if generated.flake != text {
        return Err(Error::Usage(format!(
            "{} is stale: run `{}` first, then `uv2nix-authentik hash`",
            args.flake.display(),
            gen_args.command()
        )));
    }
    if gen_args.strategy != Strategy::UvSync {
        eprintln!(
            "the {} strategy has no python-deps hash to record",
            gen_args.strategy
        );
        return Ok(ExitCode::SUCCESS);
    }
    let dir = project_dir(&args.flake);
    let mut hashes = DepsHashes::load(&dir)?;
    let wanted: Vec<&str> = args.systems.iter().map(|s| s.as_str()).collect();
    for system in generated
        .context
        .systems
        .iter()
        .filter(|s| wanted.is_empty() || wanted.contains(&s.name))
    {
        eprintln!("building python-deps for {} ...", system.name);
        let sri = build_for_hash(&dir, system.name, &args.nix_args)?;
        match sri {
            Some(sri) => {
                eprintln!("{}: {sri}", system.name);
                hashes.set(&system.deps_key, &sri)?;
            }
            None => eprintln!("{}: the recorded hash is right", system.name),
        }
    }
    let keys: BTreeSet<&str> = generated
        .context
        .systems
        .iter()
        .map(|s| s.deps_key.as_str())
        .collect();
    hashes.retain(&keys);
    if hashes.save(&dir)? {
        eprintln!(
            "recorded in {}: commit it with flake.nix",
            dir.join(FILE).display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Builds `.#packages.SYSTEM.python-deps`; `None` when it builds as recorded.
fn build_for_hash(dir: &Path, system: &str, nix_args: &[String]) -> Result<Option<String>, Error> {
    let installable = format!("{}#packages.{system}.python-deps", dir.display());
    let out = Process::new("nix")
        .args(["build", "--no-link", "--extra-experimental-features", "nix-command flakes"])
        .arg(&installable)
        .args(nix_args)
        .output()
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                Error::Usage(
                    "nix is not on PATH: install Nix (https://nixos.org/download) and run `uv2nix-authentik hash` again, \
                     or pass the hash yourself with `uv2nix-authentik gen --deps-hash SYSTEM=sha256-...`"
                        .to_string(),
                )
            } else {
                Error::Io {
                    path: PathBuf::from("nix"),
                    source: e,
                }
            }
        })?;
    if out.status.success() {
        return Ok(None);
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    let got = stderr
        .lines()
        .filter(|l| l.trim_start().starts_with("got:"))
        .find_map(|l| l.split_whitespace().find(|w| w.starts_with("sha256-")));
    match got {
        Some(sri) => Ok(Some(sri.to_string())),
        None => {
            let tail: Vec<&str> = stderr.lines().rev().take(25).collect();
            Err(Error::Usage(format!(
                "nix build {installable} failed without reporting a hash:\n{}",
                tail.into_iter().rev().collect::<Vec<_>>().join("\n")
            )))
        }
    }
}

/// The flake's text and the `gen` arguments its header records.
fn read_generated(flake: &Path) -> Result<(String, GenArgs), Error> {
    let text = std::fs::read_to_string(flake).map_err(|source| Error::Io {
        path: flake.to_path_buf(),
        source,
    })?;
    let not_generated = || {
        Error::Usage(format!(
            "{}:2:1: not a flake generated by uv2nix-authentik (no `{}uv2nix-authentik gen ... > flake.nix` line)\n  \
             help: generate it with `uv2nix-authentik gen > flake.nix`",
            flake.display(),
            REGENERATE.trim_end()
        ))
    };
    let command = text
        .lines()
        .nth(1)
        .and_then(|l| l.strip_prefix(REGENERATE))
        .and_then(|c| c.strip_prefix("uv2nix-authentik gen"))
        .and_then(|c| c.strip_suffix("> flake.nix"))
        .ok_or_else(not_generated)?;
    let dir = project_dir(flake);
    let mut argv = vec!["uv2nix-authentik".to_string(), "gen".to_string()];
    argv.extend(command.split_whitespace().map(str::to_string));
    argv.extend(["--project".to_string(), dir.display().to_string()]);
    match Cli::try_parse_from(&argv) {
        Ok(Cli {
            command: Command::Gen(args),
        }) => Ok((text, args)),
        _ => Err(not_generated()),
    }
}

/// The directory holding `flake`: the project.
fn project_dir(flake: &Path) -> PathBuf {
    match flake.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}
