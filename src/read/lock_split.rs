//! `uv.lock` cut into independent pieces that parse in parallel.
//!
//! A lock is a short header followed by `[[package]]` tables. When the text
//! has no multi-line strings, a line that starts with `[[package]]` can only
//! be a table header, so the text between two such lines is a TOML document
//! of its own that means the same as in the whole file. Pieces that do not
//! parse on their own, or a header that defines `package`, send the caller
//! back to parsing the whole file, which then reports the error.

/// The text of a lock cut at `[[package]]` lines.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Pieces<'a> {
    /// Everything before the first `[[package]]` line.
    pub header: &'a str,
    /// Runs of whole `[[package]]` tables, each with its byte offset in the file.
    pub packages: Vec<(usize, &'a str)>,
}

const HEADER_LINE: &str = "[[package]]";

/// Cuts `text` into pieces of about `piece_bytes` bytes each, or returns
/// `None` when the text cannot be cut safely.
pub(super) fn split(text: &str, piece_bytes: usize) -> Option<Pieces<'_>> {
    if text.contains("\"\"\"") || text.contains("'''") {
        return None;
    }
    let mut starts = Vec::new();
    if text.starts_with(HEADER_LINE) {
        starts.push(0);
    }
    starts.extend(
        text.match_indices(concat!("\n", "[[package]]"))
            .map(|(i, _)| i + 1),
    );
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
    fn refuses_multi_line_strings_and_locks_without_packages() {
        assert_eq!(split("a = \"\"\"\n[[package]]\n\"\"\"\n", 1), None);
        assert_eq!(split("a = '''x'''\n[[package]]\n", 1), None);
        assert_eq!(split("version = 1\n", 1), None);
    }
}
