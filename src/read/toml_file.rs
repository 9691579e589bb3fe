//! A TOML file's text and path, deserialised with errors that point into it.

use std::path::Path;

use serde::Deserialize;

use super::error::ReadError;
use super::location::Location;

/// The text of a TOML file together with where it came from.
pub struct TomlFile<'a> {
    pub path: &'a Path,
    pub text: &'a str,
}

impl<'a> TomlFile<'a> {
    pub fn new(path: &'a Path, text: &'a str) -> Self {
        Self { path, text }
    }

    /// The location of byte `offset`.
    pub fn location(&self, offset: usize) -> Location {
        Location::at(self.path, self.text, offset)
    }

    /// Deserialises the whole file; syntax and shape errors carry their location.
    pub fn deserialize<T: Deserialize<'a>>(&self) -> Result<T, ReadError> {
        toml::from_str(self.text).map_err(|e| {
            let at = e
                .span()
                .map_or_else(|| Location::start(self.path), |s| self.location(s.start));
            ReadError::Syntax {
                at,
                message: e.message().trim().to_string(),
            }
        })
    }
}
