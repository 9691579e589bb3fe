//! Byte offsets turned into `file:line:column` for error messages.

use std::fmt;
use std::path::{Path, PathBuf};

/// A position in an input file, 1-based, as editors show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
}

impl Location {
    /// The location of byte `offset` in `text`, read from `file`.
    pub fn at(file: &Path, text: &str, offset: usize) -> Self {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &text.as_bytes()[..offset];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let column = text[line_start..offset].chars().count() + 1;
        Self {
            file: file.to_path_buf(),
            line,
            column,
        }
    }

    /// The first position of `file`, for errors that concern the file as a whole.
    pub fn start(file: &Path) -> Self {
        Self {
            file: file.to_path_buf(),
            line: 1,
            column: 1,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file.display(), self.line, self.column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_lines_and_columns_from_one() {
        let text = "a = 1\nbé = 2\n";
        let file = Path::new("x.toml");
        assert_eq!(Location::at(file, text, 0).to_string(), "x.toml:1:1");
        assert_eq!(Location::at(file, text, 6).to_string(), "x.toml:2:1");
        // 'é' is two bytes but one column.
        assert_eq!(Location::at(file, text, 9).to_string(), "x.toml:2:3");
        assert_eq!(Location::at(file, text, 999).to_string(), "x.toml:3:1");
    }
}
