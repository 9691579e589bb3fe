//! The command line: arguments, and each command as a call into the stages.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::emit::{self, Strategy};
use crate::plan::{self, Glibc, Plan, PythonVersion, System, Target};
use crate::read::{self, Inputs};
use crate::report;

/// Turn a uv project's uv.lock and pyproject.toml into a reproducible Nix flake.
#[derive(Debug, Parser)]
#[command(name = "uv2nix-authentik", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the flake for the project (`uv2nix-authentik gen > flake.nix`).
    Gen(GenArgs),
    /// Show what gets installed on each system, from which artifact, and why.
    Plan(PlanArgs),
    /// Exit 0 when flake.nix is what `gen` prints now, 1 (with a diff) when stale.
    Check(CheckArgs),
    /// Build python-deps with Nix and record its hash in uv2nix-hashes.json.
    Hash(HashArgs),
}

/// What to plan for.
#[derive(Debug, Args)]
pub struct TargetArgs {
    /// The project directory, holding uv.lock and pyproject.toml.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub project: PathBuf,
    /// A Nix system to plan for; repeat for several [default: x86_64-linux and aarch64-linux].
    #[arg(long = "system", value_name = "SYSTEM")]
    pub systems: Vec<System>,
    /// The manylinux glibc level wheels may need.
    #[arg(long, value_name = "X.Y", default_value_t = Glibc::DEFAULT)]
    pub glibc: Glibc,
    /// The CPython version [default: the newest nixpkgs CPython that requires-python allows].
    #[arg(long, value_name = "X.Y")]
    pub python: Option<PythonVersion>,
}

#[derive(Debug, Args)]
pub struct GenArgs {
    #[command(flatten)]
    pub target: TargetArgs,
    /// How the flake gets the dependencies.
    #[arg(long, value_name = "STRATEGY", default_value_t = Strategy::default())]
    pub strategy: Strategy,
    /// Record the hash of python-deps (as Nix printed it), for every system or as SYSTEM=HASH.
    #[arg(long = "deps-hash", value_name = "[SYSTEM=]SRI")]
    pub deps_hashes: Vec<String>,
    /// Write the flake to FILE (atomically) instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The generated flake to check; its header says how it was generated.
    #[arg(long, value_name = "FILE", default_value = "flake.nix")]
    pub flake: PathBuf,
}

#[derive(Debug, Args)]
pub struct HashArgs {
    /// The generated flake whose python-deps to build.
    #[arg(long, value_name = "FILE", default_value = "flake.nix")]
    pub flake: PathBuf,
    /// A system to build for; repeat for several [default: the systems of the flake].
    #[arg(long = "system", value_name = "SYSTEM")]
    pub systems: Vec<System>,
    /// Arguments passed on to `nix build`, e.g. `-- --override-input nixpkgs path:/src/nixpkgs`.
    #[arg(last = true, value_name = "NIX_ARGS")]
    pub nix_args: Vec<String>,
}

#[derive(Debug, Args)]
pub struct PlanArgs {
    #[command(flatten)]
    pub target: TargetArgs,
    /// Print JSON (one object per system).
    #[arg(long)]
    pub json: bool,
}

/// Runs the command; errors are printed once, by `main`.
pub fn run(cli: Cli) -> Result<ExitCode, report::Error> {
    match cli.command {
        Command::Gen(args) => gen_command(&args),
        Command::Plan(args) => plan_command(&args),
        Command::Check(args) => crate::regen::check(&args),
        Command::Hash(args) => crate::regen::hash(&args),
    }
}

impl TargetArgs {
    fn systems(&self) -> Vec<System> {
        if self.systems.is_empty() {
            return System::ALL.to_vec();
        }
        let mut systems = self.systems.clone();
        systems.sort();
        systems.dedup();
        systems
    }

    /// Reads the project and plans each system.
    fn plans(&self) -> Result<(Inputs, Vec<Plan>), report::Error> {
        let inputs = read::read_project(&self.project)?;
        let python = plan::choose_python(&inputs, self.python)?;
        let targets: Vec<Target> = self
            .systems()
            .into_iter()
            .map(|system| Target {
                python,
                system,
                glibc: self.glibc,
            })
            .collect();
        let plans = plan::plan_all(&inputs, &targets)?;
        Ok((inputs, plans))
    }

    /// The options that differ from the defaults, as they are typed.
    fn flags(&self) -> Vec<String> {
        let mut flags = Vec::new();
        if self.systems() != System::ALL {
            for s in self.systems() {
                flags.push(format!("--system {s}"));
            }
        }
        if self.glibc != Glibc::DEFAULT {
            flags.push(format!("--glibc {}", self.glibc));
        }
        if let Some(p) = self.python {
            flags.push(format!("--python {p}"));
        }
        flags
    }
}

impl GenArgs {
    /// The command that regenerates the same flake, for its header.
    pub fn command(&self) -> String {
        let mut words = vec!["uv2nix-authentik".to_string(), "gen".to_string()];
        if self.strategy != Strategy::default() {
            words.push(format!("--strategy {}", self.strategy));
        }
        words.extend(self.target.flags());
        words.push("> flake.nix".to_string());
        words.join(" ")
    }
}

fn gen_command(args: &GenArgs) -> Result<ExitCode, report::Error> {
    if args.strategy != Strategy::UvSync && !args.deps_hashes.is_empty() {
        return Err(report::Error::Usage(
            "--deps-hash applies to --strategy uv-sync: the pinned strategy fetches every artifact by the lock's own hash"
                .to_string(),
        ));
    }
    let (inputs, plans, generated) = generate_parts(args)?;
    for warning in &generated.warnings {
        eprintln!("{warning}");
    }
    if args.strategy == Strategy::UvSync {
        crate::regen::record_hashes(&args.target.project, &generated, &args.deps_hashes)?;
    }
    match &args.output {
        Some(path) => {
            crate::output::write_atomic(path, generated.flake.as_bytes()).map_err(|source| {
                report::Error::Io {
                    path: path.clone(),
                    source,
                }
            })?
        }
        None => write_stdout(generated.flake.as_bytes())?,
    }
    // The process ends next, and the system takes its memory back faster
    // than some 30 000 frees would (about 0.25 ms on authentik's lock).
    std::mem::forget((inputs, plans, generated));
    Ok(ExitCode::SUCCESS)
}

/// Reads, plans and renders: what `gen` prints for `args`.
pub fn generate(args: &GenArgs) -> Result<emit::Generated, report::Error> {
    generate_parts(args).map(|(_, _, generated)| generated)
}

/// [`generate`], with the inputs and plans it was made from.
fn generate_parts(args: &GenArgs) -> Result<(Inputs, Vec<Plan>, emit::Generated), report::Error> {
    let (inputs, plans) = args.target.plans()?;
    let generated = emit::flake(&inputs, &plans, args.strategy, &args.command())?;
    Ok((inputs, plans, generated))
}

fn plan_command(args: &PlanArgs) -> Result<ExitCode, report::Error> {
    let (inputs, plans) = args.target.plans()?;
    let mut out = String::new();
    for plan in &plans {
        if args.json {
            out.push_str(&report::plan_json(plan, &inputs.recipes));
        } else {
            out.push_str(&report::plan_text(plan));
        }
        out.push('\n');
    }
    write_stdout(out.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

pub(crate) fn write_stdout(bytes: &[u8]) -> Result<(), report::Error> {
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(bytes)
        .and_then(|()| stdout.flush())
        .map_err(|source| report::Error::Io {
            path: Path::new("<stdout>").to_path_buf(),
            source,
        })
}
