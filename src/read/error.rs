//! Errors of the `read` stage: every one names the file, line and column.

use std::path::PathBuf;

use super::location::Location;

/// Why the project's inputs could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{path}: file not found\n  help: {help}")]
    Missing { path: PathBuf, help: &'static str },

    #[error("{path}: cannot read: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error(
        "{path}: the file is {len} bytes, more than the {max} this tool reads\n  help: is this the project's own file? uv writes about 2 KB per locked package",
        max = super::files::MAX_FILE_BYTES
    )]
    TooLarge { path: PathBuf, len: u64 },

    #[error(
        "{at}: invalid TOML: {message}\n  help: fix the syntax, or regenerate the file (`uv lock` for uv.lock)"
    )]
    Syntax { at: Location, message: String },

    #[error("{at}: {message}\n  help: {help}")]
    Invalid {
        at: Location,
        message: String,
        help: String,
    },
}

impl ReadError {
    /// An error at a known place, with advice.
    pub fn invalid(at: Location, message: impl Into<String>, help: impl Into<String>) -> Self {
        Self::Invalid {
            at,
            message: message.into(),
            help: help.into(),
        }
    }
}
