//! A fast reader for the `[[package]]` pieces of `uv.lock`, as uv writes them.
//!
//! It reads a strict subset of TOML: bare keys, basic strings without
//! escapes, decimal integers, booleans, arrays (over several lines too),
//! one-line inline tables, and the headers `[package.optional-dependencies]`,
//! `[package.dev-dependencies]`, `[package.metadata]` and
//! `[package.metadata.requires-dev]`. From it, it builds the wire structs
//! that `toml` builds, with the same spans. Anything else, valid TOML or not,
//! gives `None`, and the caller reads the piece with `toml`, which then also
//! reports any error. A test compares both readers on real and mutated locks.

use std::collections::BTreeMap;
use std::ops::Range;

use toml::Spanned;

use super::lock_wire::{DependencyWire, PackageWire, SdistWire, SourceWire, WheelWire};
use super::scan;

/// The packages of `piece` (text that starts with `[[package]]`), with spans
/// relative to its start; `None` when the piece is outside the subset.
pub(super) fn packages(piece: &str) -> Option<Vec<Spanned<PackageWire>>> {
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
        let table = reader.package_tables()?;
        packages.push(Spanned::new(start..start + 11, package(table)?));
    }
    Some(packages)
}

/// A value with the span `toml` gives it.
enum Value<'a> {
    /// A basic string: its span includes the quotes.
    Str(Range<usize>, &'a str),
    /// An integer or a boolean: read, checked, not kept.
    Scalar,
    Array(Vec<Value<'a>>),
    Table(Range<usize>, Table<'a>),
}

/// Keys in order, each once.
#[derive(Default)]
struct Table<'a>(Vec<(&'a str, Value<'a>)>);

impl<'a> Table<'a> {
    fn insert(&mut self, key: &'a str, value: Value<'a>) -> Option<()> {
        if self.0.iter().any(|(k, _)| *k == key) {
            return None;
        }
        self.0.push((key, value));
        Some(())
    }

    fn take(&mut self, key: &str) -> Option<Value<'a>> {
        let i = self.0.iter().position(|(k, _)| *k == key)?;
        Some(self.0.remove(i).1)
    }
}

/// A package's own keys and the tables its headers define.
struct PackageTables<'a> {
    keys: Table<'a>,
    optional: Option<Table<'a>>,
    dev: Option<Table<'a>>,
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

    /// Key-value lines and sub-table headers up to the next `[[package]]`.
    fn package_tables(&mut self) -> Option<PackageTables<'a>> {
        let mut tables = PackageTables {
            keys: Table::default(),
            optional: None,
            dev: None,
        };
        // The header whose table the lines go to; empty for the package's own keys.
        let mut current: &[u8] = b"";
        let mut metadata = Table::default();
        let mut requires_dev = Table::default();
        let mut headers: Vec<&[u8]> = Vec::new();
        loop {
            self.skip_blank();
            let Some(byte) = self.peek() else { break };
            if byte == b'[' {
                if self.bytes[self.pos..].starts_with(b"[[") {
                    break;
                }
                let header = self.header()?;
                // Each header once, metadata before its sub-table, and no key
                // of the package named like a header's table.
                let allowed = match header {
                    b"optional-dependencies" | b"dev-dependencies" | b"metadata" => true,
                    b"metadata.requires-dev" => headers.contains(&&b"metadata"[..]),
                    _ => false,
                };
                if !allowed || headers.contains(&header) {
                    return None;
                }
                let name = std::str::from_utf8(header).ok()?;
                let top = name.split('.').next()?;
                if tables.keys.0.iter().any(|(k, _)| *k == top) {
                    return None;
                }
                if header == b"metadata.requires-dev"
                    && metadata.0.iter().any(|(k, _)| *k == "requires-dev")
                {
                    return None;
                }
                headers.push(header);
                current = header;
                match header {
                    b"optional-dependencies" => tables.optional = Some(Table::default()),
                    b"dev-dependencies" => tables.dev = Some(Table::default()),
                    _ => {}
                }
                continue;
            }
            let (key, value) = self.key_value()?;
            let table = match current {
                b"" => &mut tables.keys,
                b"optional-dependencies" => tables.optional.as_mut()?,
                b"dev-dependencies" => tables.dev.as_mut()?,
                b"metadata" => &mut metadata,
                _ => &mut requires_dev,
            };
            table.insert(key, value)?;
        }
        Some(tables)
    }

    /// `[package.NAME]` or `[package.NAME.NAME]`: the part after `package.`.
    fn header(&mut self) -> Option<&'a [u8]> {
        let rest = self.bytes[self.pos..].strip_prefix(b"[package.")?;
        let len = rest.iter().position(|&b| b == b']')?;
        let path = &rest[..len];
        let parts_ok = path
            .split(|&b| b == b'.')
            .all(|part| !part.is_empty() && part.iter().all(|&b| is_bare(b)));
        if !parts_ok {
            return None;
        }
        self.pos += b"[package.".len() + len + 1;
        self.end_of_line()?;
        Some(path)
    }

    /// `key = value` and the end of its line.
    fn key_value(&mut self) -> Option<(&'a str, Value<'a>)> {
        let key = self.key()?;
        self.skip_spaces();
        self.eat(b'=')?;
        self.skip_spaces();
        let value = self.value()?;
        self.end_of_line()?;
        Some((key, value))
    }

    fn key(&mut self) -> Option<&'a str> {
        let start = self.pos;
        while self.peek().is_some_and(is_bare) {
            self.pos += 1;
        }
        (self.pos > start).then(|| &self.text[start..self.pos])
    }

    fn value(&mut self) -> Option<Value<'a>> {
        match self.peek()? {
            b'"' => self.string(),
            b'[' | b'{' if self.depth >= MAX_DEPTH => None,
            b'[' => self.nested(Self::array),
            b'{' => self.nested(Self::inline_table),
            b'0'..=b'9' => self.integer(),
            _ => self.boolean(),
        }
    }

    fn nested(&mut self, read: fn(&mut Self) -> Option<Value<'a>>) -> Option<Value<'a>> {
        self.depth += 1;
        let value = read(self);
        self.depth -= 1;
        value
    }

    /// A basic string on one line, without escapes or control characters.
    fn string(&mut self) -> Option<Value<'a>> {
        let start = self.pos;
        self.pos += 1;
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
        Some(Value::Str(start..self.pos, text))
    }

    /// A decimal integer without sign, underscores or leading zeros.
    fn integer(&mut self) -> Option<Value<'a>> {
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
        (!leading_zero && ends && digits.len() <= 18).then_some(Value::Scalar)
    }

    fn boolean(&mut self) -> Option<Value<'a>> {
        for word in [&b"true"[..], b"false"] {
            if self.bytes[self.pos..].starts_with(word) {
                self.pos += word.len();
                let ends = !self.peek().is_some_and(is_bare);
                return ends.then_some(Value::Scalar);
            }
        }
        None
    }

    /// `[ v, v, ]` over any number of lines.
    fn array(&mut self) -> Option<Value<'a>> {
        self.pos += 1;
        let mut items = Vec::new();
        loop {
            self.skip_blank();
            if self.eat(b']').is_some() {
                return Some(Value::Array(items));
            }
            items.push(self.value()?);
            self.skip_blank();
            if self.eat(b',').is_none() {
                self.skip_blank();
                self.eat(b']')?;
                return Some(Value::Array(items));
            }
        }
    }

    /// `{ k = v, k = v }` on one line, without a trailing comma.
    fn inline_table(&mut self) -> Option<Value<'a>> {
        let start = self.pos;
        self.pos += 1;
        let mut table = Table::default();
        self.skip_spaces();
        if self.eat(b'}').is_some() {
            return Some(Value::Table(start..self.pos, table));
        }
        loop {
            self.skip_spaces();
            let key = self.key()?;
            self.skip_spaces();
            self.eat(b'=')?;
            self.skip_spaces();
            let value = self.value()?;
            table.insert(key, value)?;
            self.skip_spaces();
            match self.peek()? {
                b',' => self.pos += 1,
                b'}' => {
                    self.pos += 1;
                    return Some(Value::Table(start..self.pos, table));
                }
                _ => return None,
            }
        }
    }
}

fn is_bare(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

/// The wire struct of a package, as serde fills it from the same tables.
fn package(mut tables: PackageTables<'_>) -> Option<PackageWire> {
    let keys = &mut tables.keys;
    let name = spanned_string(keys.take("name")?)?;
    let version = optional(keys.take("version"), spanned_string)?;
    let (span, table) = inline_table(keys.take("source")?)?;
    let source = Spanned::new(span, source(table)?);
    let dependencies = optional(keys.take("dependencies"), dependencies)?.unwrap_or_default();
    let sdist = optional(keys.take("sdist"), |v| {
        let (span, mut t) = inline_table(v)?;
        let sdist = SdistWire {
            url: optional_string(&mut t, "url")?,
            path: optional_string(&mut t, "path")?,
            hash: optional_string(&mut t, "hash")?,
        };
        Some(Spanned::new(span, sdist))
    })?;
    let wheels = match keys.take("wheels") {
        None => Vec::new(),
        Some(Value::Array(items)) => items
            .into_iter()
            .map(|v| {
                let (span, mut t) = inline_table(v)?;
                let wheel = WheelWire {
                    url: optional_string(&mut t, "url")?,
                    path: optional_string(&mut t, "path")?,
                    filename: optional_string(&mut t, "filename")?,
                    hash: optional_string(&mut t, "hash")?,
                };
                Some(Spanned::new(span, wheel))
            })
            .collect::<Option<_>>()?,
        Some(_) => return None,
    };
    // These two are tables of their own headers; as keys uv does not write them.
    for key in ["optional-dependencies", "dev-dependencies"] {
        if keys.take(key).is_some() {
            return None;
        }
    }
    Some(PackageWire {
        name,
        version,
        source,
        dependencies,
        optional_dependencies: dependency_table(tables.optional)?,
        dev_dependencies: dependency_table(tables.dev)?,
        sdist,
        wheels,
    })
}

/// `Some(None)` for an absent key, `None` when `read` refuses its value.
fn optional<'a, T>(
    value: Option<Value<'a>>,
    read: impl FnOnce(Value<'a>) -> Option<T>,
) -> Option<Option<T>> {
    match value {
        None => Some(None),
        Some(v) => read(v).map(Some),
    }
}

fn inline_table(value: Value<'_>) -> Option<(Range<usize>, Table<'_>)> {
    match value {
        Value::Table(span, table) => Some((span, table)),
        _ => None,
    }
}

fn spanned_string(value: Value<'_>) -> Option<Spanned<String>> {
    match value {
        Value::Str(span, s) => Some(Spanned::new(span, s.to_string())),
        _ => None,
    }
}

/// `Some(None)` when `key` is absent; `None` when it is not a string.
fn optional_string(table: &mut Table<'_>, key: &str) -> Option<Option<String>> {
    match table.take(key) {
        None => Some(None),
        Some(Value::Str(_, s)) => Some(Some(s.to_string())),
        Some(_) => None,
    }
}

/// A source table; keys uv does not write go to `toml`, which keeps them.
fn source(mut table: Table<'_>) -> Option<SourceWire> {
    let mut take = |key| optional_string(&mut table, key);
    let source = SourceWire {
        registry: take("registry")?,
        git: take("git")?,
        url: take("url")?,
        path: take("path")?,
        directory: take("directory")?,
        editable: take("editable")?,
        virtual_: take("virtual")?,
        subdirectory: take("subdirectory")?,
        other: BTreeMap::new(),
    };
    table.0.is_empty().then_some(source)
}

fn dependencies(value: Value<'_>) -> Option<Vec<Spanned<DependencyWire>>> {
    let Value::Array(items) = value else {
        return None;
    };
    items
        .into_iter()
        .map(|item| {
            let (span, mut t) = inline_table(item)?;
            let name = match t.take("name")? {
                Value::Str(_, s) => s.to_string(),
                _ => return None,
            };
            let source = match t.take("source") {
                None => None,
                Some(Value::Table(_, s)) => Some(source(s)?),
                Some(_) => return None,
            };
            let extra = match t.take("extra") {
                None => Vec::new(),
                Some(Value::Array(extras)) => extras
                    .into_iter()
                    .map(|e| match e {
                        Value::Str(_, s) => Some(s.to_string()),
                        _ => None,
                    })
                    .collect::<Option<_>>()?,
                Some(_) => return None,
            };
            Some(Spanned::new(
                span,
                DependencyWire {
                    name,
                    version: optional_string(&mut t, "version")?,
                    source,
                    marker: optional_string(&mut t, "marker")?,
                    extra,
                },
            ))
        })
        .collect()
}

fn dependency_table(
    table: Option<Table<'_>>,
) -> Option<BTreeMap<String, Vec<Spanned<DependencyWire>>>> {
    table
        .map_or_else(Vec::new, |t| t.0)
        .into_iter()
        .map(|(key, value)| Some((key.to_string(), dependencies(value)?)))
        .collect()
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
