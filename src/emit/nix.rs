//! The one path by which data becomes Nix text: string literals, attribute
//! names and comments. Identifier rules after oxalica/nil's `semantic.rs`.

use crate::scan;

/// Nix keywords, which cannot be bare attribute names.
const KEYWORDS: &[&str] = &[
    "assert", "else", "if", "in", "inherit", "let", "or", "rec", "then", "with",
];

/// A double-quoted Nix string literal holding exactly `s`.
pub fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    write_string(&mut out, s).expect("a String takes any text"); // ok: a String never refuses a write
    out
}

/// Writes the double-quoted Nix string literal holding exactly `s` to `out`.
pub fn write_string(out: &mut impl std::fmt::Write, s: &str) -> std::fmt::Result {
    out.write_char('"')?;
    let mut rest = s;
    // Copy runs without a special character whole; escape the one that ends
    // each. The special characters are ASCII, so `i` is a character boundary.
    let special = |b: u8| {
        (b == b'"') | (b == b'\\') | (b == b'\n') | (b == b'\r') | (b == b'\t') | (b == b'$')
    };
    while let Some(i) = scan::position(rest.as_bytes(), special) {
        out.write_str(&rest[..i])?;
        let c = rest.as_bytes()[i];
        rest = &rest[i + 1..];
        out.write_str(match c {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            b'$' if rest.starts_with('{') => "\\$",
            _ => "$", // a `$` that starts no interpolation
        })?;
    }
    out.write_str(rest)?;
    out.write_char('"')
}

/// Writes `s` as an attribute name to `out`: bare when it is an identifier,
/// quoted otherwise.
pub fn write_attr_name(out: &mut String, s: &str) {
    if is_identifier(s) {
        out.push_str(s);
    } else {
        write_string(out, s).expect("a String takes any text"); // ok: a String never refuses a write
    }
}

/// Attribute lines printed from data, every name through [`write_attr_name`]
/// and every value through [`write_string`]. The pinned strategy's tables
/// have an entry per artifact or wheel, hundreds of them, where a template
/// loop costs about half a microsecond an entry; the templates take the
/// printed lines as text.
#[derive(Debug, Default)]
pub struct Lines {
    text: String,
}

impl Lines {
    /// Lines with room for `bytes` bytes.
    pub fn with_capacity(bytes: usize) -> Self {
        Self {
            text: String::with_capacity(bytes),
        }
    }

    /// `name = "value";` at `indent` spaces.
    pub fn string(&mut self, indent: usize, name: &str, value: &str) {
        self.start(indent, name);
        write_string(&mut self.text, value).expect("a String takes any text"); // ok: a String never refuses a write
        self.text.push_str(";\n");
    }

    /// `name = {` at `indent` spaces; [`Lines::close`] ends the set.
    pub fn open(&mut self, indent: usize, name: &str) {
        self.start(indent, name);
        self.text.push_str("{\n");
    }

    /// `};` at `indent` spaces.
    pub fn close(&mut self, indent: usize) {
        self.indent(indent);
        self.text.push_str("};\n");
    }

    fn start(&mut self, indent: usize, name: &str) {
        self.indent(indent);
        write_attr_name(&mut self.text, name);
        self.text.push_str(" = ");
    }

    fn indent(&mut self, indent: usize) {
        self.text.extend(std::iter::repeat_n(' ', indent));
    }

    /// The lines for a template, without the last newline, which the
    /// template writes; it prints them as they are, since every piece of data
    /// in them went through this module's escaping.
    pub fn into_value(mut self) -> minijinja::Value {
        if self.text.ends_with('\n') {
            self.text.pop();
        }
        minijinja::Value::from_safe_string(self.text)
    }
}

/// Whether `s` can be written as a bare identifier.
pub fn is_identifier(s: &str) -> bool {
    let Some((&first, rest)) = s.as_bytes().split_first() else {
        return false;
    };
    (first.is_ascii_alphabetic() || first == b'_')
        && rest
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'\'' | b'-'))
        && !KEYWORDS.contains(&s)
}

/// An attribute name: bare when it is an identifier, quoted otherwise.
pub fn attr_name(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    write_attr_name(&mut out, s);
    out
}

/// A dotted attribute path such as `postgresql.pg_config`, each part checked.
pub fn attr_path(s: &str) -> String {
    s.split('.').map(attr_name).collect::<Vec<_>>().join(".")
}

/// Text safe to follow `# ` on one line.
pub fn comment(s: &str) -> String {
    s.replace(['\n', '\r'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_cannot_become_code() {
        assert_eq!(string(r#"a"b\c${d}$e"#), r#""a\"b\\c\${d}$e""#);
        assert_eq!(string("x\ny"), r#""x\ny""#);
    }

    #[test]
    fn identifiers_follow_nix() {
        assert!(is_identifier("pkg-config"));
        assert!(is_identifier("_x'"));
        assert!(!is_identifier("1x"));
        assert!(!is_identifier("in"));
        assert!(!is_identifier("a.b"));
        assert_eq!(attr_name("x86_64-linux"), "x86_64-linux");
        assert_eq!(attr_name("uv.lock"), "\"uv.lock\"");
        assert_eq!(attr_path("postgresql.pg_config"), "postgresql.pg_config");
        assert_eq!(attr_path("a.in"), "a.\"in\"");
    }

    #[test]
    fn lines_escape_names_and_values() {
        let mut lines = Lines::default();
        lines.open(2, "a-1.whl");
        lines.string(4, "url", "https://x/${y}");
        lines.close(2);
        lines.string(0, "six", "six.whl");
        assert_eq!(
            lines.text,
            "  \"a-1.whl\" = {\n    url = \"https://x/\\${y}\";\n  };\nsix = \"six.whl\";\n"
        );
    }
}
