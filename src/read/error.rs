//! Errors of the `read` stage: every one names the file, line and column.

use std::path::PathBuf;

use super::location::Location;

/// Why the project's inputs could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{path}: file not found\n  help: {help}")]
    Missing { path: PathBuf, help: &'static str },

    #[error("{path}: cannot read: {source}\n  help: {help}", help = io_help(.path, .source))]
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

    #[error(transparent)]
    Recipes(#[from] crate::recipes::RecipeError),

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
        let mut message = message.into();
        // Some parsers end their messages with a blank line.
        message.truncate(message.trim_end().len());
        Self::Invalid {
            at,
            message,
            help: help.into(),
        }
    }
}

/// The fix for a file that exists but cannot be read.
fn io_help(path: &std::path::Path, source: &std::io::Error) -> String {
    let path = path.display();
    match source.kind() {
        std::io::ErrorKind::IsADirectory => format!(
            "{path} must be a file: move the directory away and put the file there (`uv lock` writes uv.lock)"
        ),
        std::io::ErrorKind::PermissionDenied => format!(
            "make the file readable by this user (`chmod u+r {path}`), or run as a user who can read it"
        ),
        _ => format!(
            "make {path} a readable regular file; a symbolic link must lead to one (`ls -lL {path}` shows where it leads)"
        ),
    }
}
