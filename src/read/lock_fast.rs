//! A fast reader for the `[[package]]` pieces of `uv.lock`, as uv writes them.
//!
//! It reads a strict subset of TOML: bare keys, basic strings without
//! escapes, decimal integers, booleans, arrays (over several lines too),
//! one-line inline tables, and the headers `[package.optional-dependencies]`,
//! `[package.dev-dependencies]`, `[package.metadata]` and
//! `[package.metadata.requires-dev]`. It fills the wire structs that `toml`
//! fills, with the same spans, as it reads: the keys the structs have go
//! straight into them, and every other value is checked and dropped. Anything
//! else, valid TOML or not, gives `None`, and the caller reads the piece with
//! `toml`, which then also reports any error. A test compares both readers on
//! real and mutated locks.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::ops::Range;

use toml::Spanned;

use super::lock_wire::{DependencyWire, PackageWire, SdistWire, SourceWire, WheelWire};
use crate::scan;

/// The packages of `piece` (text that starts with `[[package]]`), with spans
/// relative to its start; `None` when the piece is outside the subset.
pub(super) fn packages(piece: &str) -> Option<Vec<Spanned<PackageWire<'_>>>> {
    let mut reader = Reader {
        text: piece,
        bytes: piece.as_bytes(),
        pos: 0,
        depth: 0,
    };
    let mut packages = Vec::new();
    while reader.pos < reader.bytes.len() {
        let start = reader.pos;
        reader.expect_line(b"[[package]]")?;
        packages.push(Spanned::new(start..start + 11, reader.package()?));
    }
    Some(packages)
}

/// The keys of one table so far, to refuse a key given twice as `toml` does.
/// A table with more keys than it holds goes to `toml`.
struct Keys<'a> {
    keys: [&'a str; 16],
    len: usize,
}

impl<'a> Keys<'a> {
    fn new() -> Self {
        Self {
            keys: [""; 16],
            len: 0,
        }
    }

    fn contains(&self, key: &str) -> bool {
        self.keys[..self.len].contains(&key)
    }

    /// `None` when `key` is already there, or there is no room for it.
    fn insert(&mut self, key: &'a str) -> Option<()> {
        if self.contains(key) || self.len == self.keys.len() {
            return None;
        }
        self.keys[self.len] = key;
        self.len += 1;
        Some(())
    }
}

struct Reader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    /// Arrays and inline tables open around `pos`.
    depth: usize,
}

/// Deeper nesting goes to `toml`, which refuses it; uv nests three deep.
const MAX_DEPTH: usize = 16;

impl<'a> Reader<'a> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_spaces(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.pos += 1;
        }
    }

    /// Spaces, tabs and newlines, as allowed between array elements.
    fn skip_blank(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n')) {
            self.pos += 1;
        }
    }

    fn eat(&mut self, byte: u8) -> Option<()> {
        (self.peek()? == byte).then(|| self.pos += 1)
    }

    /// The end of a line: trailing spaces, then a newline or the end.
    fn end_of_line(&mut self) -> Option<()> {
        self.skip_spaces();
        match self.peek() {
            None => Some(()),
            Some(b'\n') => {
                self.pos += 1;
                Some(())
            }
            Some(_) => None,
        }
    }

    fn expect_line(&mut self, line: &[u8]) -> Option<()> {
        self.bytes[self.pos..].starts_with(line).then_some(())?;
        self.pos += line.len();
        self.end_of_line()
    }

    /// One package: its key-value lines and the tables of its headers, up to
    /// the next `[[package]]`.
    fn package(&mut self) -> Option<PackageWire<'a>> {
        let mut keys = Keys::new();
        let mut name = None;
        let mut version = None;
        let mut source = None;
        let mut dependencies = Vec::new();
        let mut sdist = None;
        let mut wheels = Vec::new();
        let mut optional_dependencies = BTreeMap::new();
        let mut dev_dependencies = BTreeMap::new();
        // The header whose table the lines go to; empty for the package's own
        // keys. Each header once, metadata before its sub-table, and no key
        // of the package named like a header's table.
        let mut current = "";
        let mut headers = Keys::new();
        let mut table_keys = Keys::new();
        let mut metadata_has_requires_dev = false;
        loop {
            self.skip_blank();
            let Some(byte) = self.peek() else { break };
            if byte == b'[' {
                if self.bytes[self.pos..].starts_with(b"[[") {
                    break;
                }
                let header = self.header()?;
                let allowed = match header {
                    "optional-dependencies" | "dev-dependencies" | "metadata" => true,
                    "metadata.requires-dev" => {
                        headers.contains("metadata") && !metadata_has_requires_dev
                    }
                    _ => false,
                };
                let top = header.split('.').next()?;
                if !allowed || keys.contains(top) {
                    return None;
                }
                headers.insert(header)?;
                current = header;
                table_keys = Keys::new();
                continue;
            }
            let key = self.key()?;
            self.skip_spaces();
            self.eat(b'=')?;
            self.skip_spaces();
            match current {
                "" => {
                    keys.insert(key)?;
                    match key {
                        "name" => name = Some(self.spanned_string()?),
                        "version" => version = Some(self.spanned_string()?),
                        "source" => {
                            let (span, wire) = self.source()?;
                            source = Some(Spanned::new(span, wire));
                        }
                        "dependencies" => dependencies = self.dependencies()?,
                        "sdist" => sdist = Some(self.sdist()?),
                        "wheels" => self.array(|r| {
                            wheels.push(r.wheel()?);
                            Some(())
                        })?,
                        // Tables of their own headers; as keys uv does not write them.
                        "optional-dependencies" | "dev-dependencies" => return None,
                        _ => self.skip_value()?,
                    }
                }
                "optional-dependencies" | "dev-dependencies" => {
                    let groups = if current == "optional-dependencies" {
                        &mut optional_dependencies
                    } else {
                        &mut dev_dependencies
                    };
                    let deps = self.dependencies()?;
                    if groups.insert(key.to_string(), deps).is_some() {
                        return None;
                    }
                }
                _ => {
                    table_keys.insert(key)?;
                    metadata_has_requires_dev |= current == "metadata" && key == "requires-dev";
                    self.skip_value()?;
                }
            }
            self.end_of_line()?;
        }
        Some(PackageWire {
            name: name?,
            version,
            source: source?,
            dependencies,
            optional_dependencies,
            dev_dependencies,
            sdist,
            wheels,
        })
    }

    /// `[package.NAME]` or `[package.NAME.NAME]`: the part after `package.`.
    fn header(&mut self) -> Option<&'a str> {
        let rest = self.bytes[self.pos..].strip_prefix(b"[package.")?;
        let len = rest.iter().position(|&b| b == b']')?;
        let path = &rest[..len];
        let parts_ok = path
            .split(|&b| b == b'.')
            .all(|part| !part.is_empty() && part.iter().all(|&b| is_bare(b)));
        if !parts_ok {
            return None;
        }
        let start = self.pos + b"[package.".len();
        self.pos = start + len + 1;
        self.end_of_line()?;
        Some(&self.text[start..start + len])
    }

    fn key(&mut self) -> Option<&'a str> {
        let start = self.pos;
        while self.peek().is_some_and(is_bare) {
            self.pos += 1;
        }
        (self.pos > start).then(|| &self.text[start..self.pos])
    }

    /// Any value of the subset, checked and dropped.
    fn skip_value(&mut self) -> Option<()> {
        match self.peek()? {
            b'"' => self.string().map(drop),
            b'[' => self.array(Self::skip_value),
            b'{' => self.inline_table(|r, _| r.skip_value()).map(drop),
            b'0'..=b'9' => self.integer(),
            _ => self.boolean(),
        }
    }

    /// A basic string on one line, without escapes or control characters:
    /// its span (quotes included) and its text.
    fn string(&mut self) -> Option<(Range<usize>, &'a str)> {
        let start = self.pos;
        self.eat(b'"')?;
        // The first quote ends the string; an escape or a control character
        // before it is outside the subset.
        let len = scan::position(&self.bytes[self.pos..], |b| {
            (b == b'"') | (b == b'\\') | ((b < 0x20) & (b != b'\t')) | (b == 0x7f)
        })?;
        if self.bytes[self.pos + len] != b'"' {
            return None;
        }
        let text = &self.text[self.pos..self.pos + len];
        self.pos += len + 1;
        // `"""` starts a multi-line string.
        if len == 0 && self.peek() == Some(b'"') {
            return None;
        }
        Some((start..self.pos, text))
    }

    fn owned_string(&mut self) -> Option<String> {
        self.string().map(|(_, text)| text.to_string())
    }

    fn borrowed_string(&mut self) -> Option<Cow<'a, str>> {
        self.string().map(|(_, text)| Cow::Borrowed(text))
    }

    fn spanned_string(&mut self) -> Option<Spanned<String>> {
        let (span, text) = self.string()?;
        Some(Spanned::new(span, text.to_string()))
    }

    /// A decimal integer without sign, underscores or leading zeros.
    fn integer(&mut self) -> Option<()> {
        let start = self.pos;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.pos += 1;
        }
        let digits = &self.bytes[start..self.pos];
        let leading_zero = digits.len() > 1 && digits[0] == b'0';
        // A date, a float or a digit-led bare word is another kind of value.
        let ends = matches!(
            self.peek(),
            None | Some(b' ' | b'\t' | b'\n' | b',' | b']' | b'}')
        );
        (!leading_zero && ends && digits.len() <= 18).then_some(())
    }

    fn boolean(&mut self) -> Option<()> {
        for word in [&b"true"[..], b"false"] {
            if self.bytes[self.pos..].starts_with(word) {
                self.pos += word.len();
                return (!self.peek().is_some_and(is_bare)).then_some(());
            }
        }
        None
    }

    /// `[ v, v, ]` over any number of lines; `item` reads each value.
    fn array(&mut self, mut item: impl FnMut(&mut Self) -> Option<()>) -> Option<()> {
        if self.depth >= MAX_DEPTH {
            return None;
        }
        self.eat(b'[')?;
        self.depth += 1;
        loop {
            self.skip_blank();
            if self.eat(b']').is_some() {
                break;
            }
            item(self)?;
            self.skip_blank();
            if self.eat(b',').is_none() {
                self.skip_blank();
                self.eat(b']')?;
                break;
            }
        }
        self.depth -= 1;
        Some(())
    }

    /// `{ k = v, k = v }` on one line, without a trailing comma; `field`
    /// reads the value of each key. Returns the table's span.
    fn inline_table(
        &mut self,
        mut field: impl FnMut(&mut Self, &'a str) -> Option<()>,
    ) -> Option<Range<usize>> {
        if self.depth >= MAX_DEPTH {
            return None;
        }
        let start = self.pos;
        self.eat(b'{')?;
        self.depth += 1;
        let mut keys = Keys::new();
        self.skip_spaces();
        if self.eat(b'}').is_none() {
            loop {
                self.skip_spaces();
                let key = self.key()?;
                keys.insert(key)?;
                self.skip_spaces();
                self.eat(b'=')?;
                self.skip_spaces();
                field(self, key)?;
                self.skip_spaces();
                match self.peek()? {
                    b',' => self.pos += 1,
                    b'}' => {
                        self.pos += 1;
                        break;
                    }
                    _ => return None,
                }
            }
        }
        self.depth -= 1;
        Some(start..self.pos)
    }

    /// A source table; keys uv does not write go to `toml`, which keeps them.
    fn source(&mut self) -> Option<(Range<usize>, SourceWire)> {
        let mut source = SourceWire::default();
        let span = self.inline_table(|r, key| {
            let slot = match key {
                "registry" => &mut source.registry,
                "git" => &mut source.git,
                "url" => &mut source.url,
                "path" => &mut source.path,
                "directory" => &mut source.directory,
                "editable" => &mut source.editable,
                "virtual" => &mut source.virtual_,
                "subdirectory" => &mut source.subdirectory,
                _ => return None,
            };
            *slot = Some(r.owned_string()?);
            Some(())
        })?;
        Some((span, source))
    }

    /// An array of dependency tables.
    fn dependencies(&mut self) -> Option<Vec<Spanned<DependencyWire<'a>>>> {
        let mut dependencies = Vec::new();
        self.array(|r| {
            dependencies.push(r.dependency()?);
            Some(())
        })?;
        Some(dependencies)
    }

    fn dependency(&mut self) -> Option<Spanned<DependencyWire<'a>>> {
        let (mut name, mut version, mut source, mut marker) = (None, None, None, None);
        let mut extra = Vec::new();
        let span = self.inline_table(|r, key| {
            match key {
                "name" => name = Some(r.borrowed_string()?),
                "version" => version = Some(r.owned_string()?),
                "source" => source = Some(r.source()?.1),
                "marker" => marker = Some(r.borrowed_string()?),
                "extra" => r.array(|r| {
                    extra.push(r.borrowed_string()?);
                    Some(())
                })?,
                _ => r.skip_value()?,
            }
            Some(())
        })?;
        let dependency = DependencyWire {
            name: name?,
            version,
            source,
            marker,
            extra,
        };
        Some(Spanned::new(span, dependency))
    }

    /// An inline table of optional strings: `field` gives the field a key
    /// fills, and the values of other keys are checked and dropped.
    fn string_table<T: Default>(
        &mut self,
        field: for<'t> fn(&'t mut T, &str) -> Option<&'t mut Option<Cow<'a, str>>>,
    ) -> Option<Spanned<T>> {
        let mut table = T::default();
        let span = self.inline_table(|r, key| match field(&mut table, key) {
            Some(slot) => {
                *slot = Some(r.borrowed_string()?);
                Some(())
            }
            None => r.skip_value(),
        })?;
        Some(Spanned::new(span, table))
    }

    fn sdist(&mut self) -> Option<Spanned<SdistWire<'a>>> {
        self.string_table(|sdist: &mut SdistWire<'a>, key| match key {
            "url" => Some(&mut sdist.url),
            "path" => Some(&mut sdist.path),
            "hash" => Some(&mut sdist.hash),
            _ => None,
        })
    }

    fn wheel(&mut self) -> Option<Spanned<WheelWire<'a>>> {
        self.string_table(|wheel: &mut WheelWire<'a>, key| match key {
            "url" => Some(&mut wheel.url),
            "path" => Some(&mut wheel.path),
            "filename" => Some(&mut wheel.filename),
            "hash" => Some(&mut wheel.hash),
            _ => None,
        })
    }
}

fn is_bare(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::read::lock_split;
    use crate::read::lock_wire::PackagesWire;

    /// What `toml` reads from `piece`, or `None` when it refuses it.
    fn with_toml(piece: &str) -> Option<String> {
        let wire: PackagesWire = toml::from_str(piece).ok()?;
        Some(format!("{:?}", wire.packages))
    }

    /// The fast reader either declines or agrees with `toml`, spans included.
    fn agrees(piece: &str) -> Result<bool, String> {
        let Some(fast) = packages(piece) else {
            return Ok(false);
        };
        let fast = format!("{fast:?}");
        match with_toml(piece) {
            Some(slow) if slow == fast => Ok(true),
            Some(slow) => Err(format!("{piece}\nfast: {fast}\ntoml: {slow}")),
            None => Err(format!("toml refuses what the fast reader read:\n{piece}")),
        }
    }

    fn locks() -> Vec<(String, String)> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut paths = vec![root.join("../shared/fixtures/authentik-2026.2.0/uv.lock")];
        for dir in ["tests/fixtures", "tests/e2e"] {
            for entry in std::fs::read_dir(root.join(dir)).expect("fixtures") {
                let lock = entry.expect("entry").path().join("uv.lock");
                if lock.is_file() {
                    paths.push(lock);
                }
            }
        }
        paths
            .into_iter()
            .map(|p| {
                let text = std::fs::read_to_string(&p).expect("lock");
                (p.display().to_string(), text)
            })
            .collect()
    }

    #[test]
    fn deep_nesting_goes_to_toml() {
        let piece = format!("[[package]]\nname = \"a\"\nx = {}\n", "[".repeat(100_000));
        assert!(packages(&piece).is_none());
        let nested =
            "[[package]]\nname = \"a\"\nsource = { virtual = \".\" }\nx = [[[{ a = [1] }]]]\n";
        assert_eq!(agrees(nested), Ok(true));
    }

    #[test]
    fn values_of_the_wrong_kind_or_given_twice_are_left_to_toml() {
        let package = |lines: &str| {
            format!(
                "[[package]]\nname = \"a\"\nversion = \"1\"\nsource = {{ registry = \"r\" }}\n{lines}\n"
            )
        };
        let cases = [
            package("wheels = [{ url = \"u\", url = \"v\" }]"),
            package("wheels = [{ url = 5 }]"),
            package("wheels = [{ url = \"u\", size = 1, size = 2 }]"),
            package("wheels = { url = \"u\" }"),
            package("sdist = \"u\""),
            package("sdist = { url = \"u\", hash = [] }"),
            package("dependencies = [{ version = \"1\" }]"),
            package("dependencies = [{ name = \"b\", extra = \"x\" }]"),
            package("dependencies = [{ name = \"b\", extra = [1] }]"),
            package(
                "dependencies = [{ name = \"b\", source = { registry = \"r\", other = \"o\" } }]",
            ),
            package("name = \"b\""),
            package("[package.optional-dependencies]\nx = []\nx = []"),
            package("[package.optional-dependencies]\nx = [\"b\"]"),
            package("[package.metadata]\nrequires-dist = []\nrequires-dist = []"),
            package("[package.metadata]\nrequires-dev = {}\n[package.metadata.requires-dev]"),
            "[[package]]\nname = 5\nsource = { registry = \"r\" }\n".to_string(),
            "[[package]]\nname = \"a\"\nsource = { registry = \"r\", unknown = \"u\" }\n"
                .to_string(),
            "[[package]]\nname = \"a\"\n".to_string(),
        ];
        for piece in &cases {
            assert_eq!(agrees(piece), Ok(false), "{piece}");
        }
        let fine =
            package("wheels = [{ url = \"u\", hash = \"h\", size = 1, upload-time = \"t\" }]");
        assert_eq!(agrees(&fine), Ok(true));
    }

    #[test]
    fn reads_every_package_uv_wrote_as_toml_does() {
        let mut read = 0;
        for (path, text) in locks() {
            let pieces = lock_split::split(&text, 1).expect("has packages");
            for (_, piece) in pieces.packages {
                if !agrees(piece).expect("agrees with toml") && !path.contains("hostile") {
                    panic!("{path}: the fast reader declined a package uv wrote:\n{piece}");
                }
                read += 1;
            }
        }
        assert!(read > 300, "{read} packages");
    }

    fn authentik_piece() -> String {
        let (_, text) = locks().swap_remove(0);
        let pieces = lock_split::split(&text, 4096).expect("has packages");
        pieces.packages[3].1.to_string()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// Whatever a mutation makes of a real piece, the fast reader declines
        /// it or reads exactly what `toml` reads.
        #[test]
        fn mutated_pieces_are_declined_or_read_as_toml_does(
            edits in proptest::collection::vec(
                (any::<prop::sample::Index>(), 0..3u8, prop::sample::select(vec![
                    "\"", "'", "[", "]", "{", "}", ",", "=", " ", "\n", "\r", "\t", "#",
                    ".", "\\", "0", "1", "-", "a", "true", "\"\"\"", "[package.metadata]",
                    "[[package]]", "name = \"x\"\n", "é", "\u{0}", "x = 1\n",
                ])),
                1..4,
            )
        ) {
            let mut piece = authentik_piece();
            for (at, kind, text) in edits {
                let mut i = at.index(piece.len() + 1);
                while !piece.is_char_boundary(i) { i -= 1; }
                let end = piece[i..].chars().next().map_or(i, |c| i + c.len_utf8());
                match kind {
                    0 => piece.insert_str(i, text),
                    1 => piece.replace_range(i..end, ""),
                    _ => piece.replace_range(i..end, text),
                }
            }
            if !piece.starts_with("[[package]]") {
                piece.insert_str(0, "[[package]]\n");
            }
            prop_assert!(agrees(&piece).is_ok(), "{}", agrees(&piece).unwrap_err());
        }
    }
}
