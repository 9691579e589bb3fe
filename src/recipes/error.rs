//! Errors of the `recipes` stage: a project's recipe file, with the place in it.

use crate::read::Location;

/// Why a project's recipes could not be used.
#[derive(Debug, thiserror::Error)]
#[error("{at}: {message}\n  help: {help}")]
pub struct RecipeError {
    pub at: Location,
    pub message: String,
    pub help: String,
}

impl RecipeError {
    pub fn new(at: Location, message: impl Into<String>, help: impl Into<String>) -> Self {
        let mut message = message.into();
        // The toml crate ends some messages with a blank line.
        message.truncate(message.trim_end().len());
        Self {
            at,
            message,
            help: help.into(),
        }
    }
}
