//! The one path by which data becomes Nix text: string literals, attribute
//! names and comments. Identifier rules after oxalica/nil's `semantic.rs`.

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
    while let Some(i) = rest.find(['"', '\\', '\n', '\r', '\t', '$']) {
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
    if is_identifier(s) {
        s.to_string()
    } else {
        string(s)
    }
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
}
