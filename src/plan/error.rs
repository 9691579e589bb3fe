//! Errors of the `plan` stage.

/// Why no installation plan could be made.
#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    #[error(
        "pyproject.toml: requires-python {requires} allows no CPython that nixpkgs packages ({known})\n  help: widen requires-python, or pass --python X.Y"
    )]
    NoInterpreter { requires: String, known: String },

    #[error(
        "{at}: requires-python {requires} excludes CPython {python}, as uv would refuse it\n  help: pick a Python the lock allows (--python), or relock with `uv lock --python {python}`"
    )]
    LockExcludesPython {
        at: String,
        requires: String,
        python: String,
    },

    #[error(
        "uv.lock: the project `{name}` is not in the lock\n  help: run `uv lock` so the lock matches pyproject.toml"
    )]
    NoRoot { name: String },

    #[error(
        "uv.lock: {name} {version}: no artifact can be installed on {system}: {why}\n  help: {help}"
    )]
    NoArtifact {
        name: String,
        version: String,
        system: String,
        why: String,
        help: String,
    },

    #[error(
        "uv.lock: {name} is selected in two versions ({first} and {second}) for {system}\n  help: the lock's markers should keep them apart; relock with `uv lock`"
    )]
    Conflict {
        name: String,
        first: String,
        second: String,
        system: String,
    },
}
