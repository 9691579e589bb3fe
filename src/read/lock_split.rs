//! `uv.lock` cut into independent pieces that parse in parallel.
//!
//! A lock is a short header followed by `[[package]]` tables. Each piece
//! starts at a line that starts with `[[package]]`. Parsed alone, a piece is
//! read exactly as the whole file reads it when the previous piece ended
//! outside any value; if a cut falls inside a multi-line string, array or
//! inline table, the piece before it ends unterminated and fails. So when
//! every piece parses, every cut was between tables, and (with no key but
//! `package` in the pieces and none in the header) the pieces together mean
//! what the whole file means. Otherwise the caller parses the whole file,
//! which then reports the error.

use crate::scan;

/// The text of a lock cut at `[[package]]` lines.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Pieces<'a> {
    /// Everything before the first `[[package]]` line.
    pub header: &'a str,
    /// Runs of whole `[[package]]` tables, each with its byte offset in the file.
    pub packages: Vec<(usize, &'a str)>,
}

const HEADER_LINE: &[u8] = b"[[package]]";

/// The offsets of the lines that start with `[[package]]`.
fn package_lines(text: &str) -> impl Iterator<Item = usize> {
    let bytes = text.as_bytes();
    let mut from = 0;
    std::iter::from_fn(move || {
        loop {
            let i = from + scan::position(&bytes[from..], |b| b == b'[')?;
            from = i + 1;
            let line_start = i == 0 || bytes[i - 1] == b'\n';
            if line_start && bytes[i..].starts_with(HEADER_LINE) {
                return Some(i);
            }
        }
    })
}

/// Cuts `text` into pieces of about `piece_bytes` bytes each, or returns
/// `None` when it has no `[[package]]` line.
pub(super) fn split(text: &str, piece_bytes: usize) -> Option<Pieces<'_>> {
    let starts: Vec<usize> = package_lines(text).collect();
    let first = *starts.first()?;
    let mut packages = Vec::new();
    let mut begin = first;
    for &start in &starts[1..] {
        if start - begin >= piece_bytes {
            packages.push((begin, &text[begin..start]));
            begin = start;
        }
    }
    packages.push((begin, &text[begin..]));
    Some(Pieces {
        header: &text[..first],
        packages,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOCK: &str = "version = 1\n[[package]]\nname = \"a\"\n[[package]]\nname = \"b\"\n[package.sdist]\nurl = \"u\"\n[[package]]\nname = \"c\"\n";

    #[test]
    fn cuts_only_at_package_headers() {
        let pieces = split(LOCK, 1).expect("splits");
        assert_eq!(pieces.header, "version = 1\n");
        let texts: Vec<&str> = pieces.packages.iter().map(|(_, t)| *t).collect();
        assert_eq!(
            texts,
            [
                "[[package]]\nname = \"a\"\n",
                "[[package]]\nname = \"b\"\n[package.sdist]\nurl = \"u\"\n",
                "[[package]]\nname = \"c\"\n"
            ]
        );
        for (offset, piece) in &pieces.packages {
            assert_eq!(&LOCK[*offset..*offset + piece.len()], *piece);
        }
    }

    #[test]
    fn joins_small_packages_into_one_piece() {
        let pieces = split(LOCK, 1 << 20).expect("splits");
        assert_eq!(pieces.packages, [(12, &LOCK[12..])]);
    }

    #[test]
    fn needs_a_package_line() {
        assert_eq!(split("version = 1\n", 1), None);
        assert_eq!(split("version = 1\n [[package]]\n", 1), None);
    }
}
