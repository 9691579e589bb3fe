//! The one path by which data becomes Nix text: string literals, attribute
//! names and comments. Identifier rules after oxalica/nil's `semantic.rs`.

/// Nix keywords, which cannot be bare attribute names.
const KEYWORDS: &[&str] = &[
    "assert", "else", "if", "in", "inherit", "let", "or", "rec", "then", "with",
];

/// A double-quoted Nix string literal holding exactly `s`.
pub fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '$' if chars.peek() == Some(&'{') => out.push_str("\\$"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Whether `s` can be written as a bare identifier.
pub fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    (first.is_ascii_alphabetic() || first == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '\'' | '-'))
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
