//! Data never becomes Nix code: every string goes through one escaping path.

mod common;

use std::process::Command;

use proptest::prelude::*;
use rnix::ast::{self, HasEntry};
use uv2nix_authentik::emit::nix;

/// The literal text of `expr` when it is a string without interpolation.
fn literal(expr: &str) -> Option<String> {
    let root = rnix::Root::parse(expr);
    if !root.errors().is_empty() {
        return None;
    }
    let ast::Expr::Str(s) = root.tree().expr()? else {
        return None;
    };
    let mut text = String::new();
    for part in s.normalized_parts() {
        match part {
            ast::InterpolPart::Literal(l) => text.push_str(&l),
            ast::InterpolPart::Interpolation(_) => return None,
        }
    }
    Some(text)
}

/// Text made of what is special somewhere in Nix string syntax (`${`, `''`,
/// `''$`, escapes, line ends, `$` and `{` apart) and of arbitrary characters,
/// non-ASCII and control characters included; U+0000 only when `nul`.
fn nasty_text(nul: bool) -> impl Strategy<Value = String> {
    const TOKENS: &[&str] = &[
        "${",
        "$${",
        "$$",
        "''",
        "''$",
        "'''",
        "''\\",
        "\\",
        "\\$",
        "\"",
        "\n",
        "\t",
        "\r",
        "\r\n",
        "$",
        "{",
        "}",
        "'",
        "\u{7f}",
        "\u{85}",
        "\u{2028}",
        "\u{feff}",
        "é",
        "日本",
        "😀",
        "👩‍👩‍👧",
    ];
    let token = prop_oneof![
        3 => prop::sample::select(TOKENS).prop_map(str::to_string),
        2 => any::<char>()
            .prop_filter("NUL", move |&c| nul || c != '\0')
            .prop_map(String::from),
    ];
    prop::collection::vec(token, 0..16).prop_map(|parts| parts.concat())
}

proptest! {
    #[test]
    fn strings_stay_strings(s in "(\\PC|[\"\\\\$\\{\\}\\n\\r\\t'])*") {
        prop_assert_eq!(literal(&nix::string(&s)), Some(s));
    }

    #[test]
    fn nasty_strings_stay_strings(s in nasty_text(true)) {
        prop_assert_eq!(literal(&nix::string(&s)), Some(s));
    }

    #[test]
    fn attribute_names_stay_names(s in "(\\PC|[\"\\\\$\\{\\}.])*") {
        let expr = format!("{{ {} = 1; }}", nix::attr_name(&s));
        let root = rnix::Root::parse(&expr);
        prop_assert!(root.errors().is_empty(), "{:?}", root.errors());
        let Some(ast::Expr::AttrSet(set)) = root.tree().expr() else {
            return Err(TestCaseError::fail("not an attribute set"));
        };
        prop_assert_eq!(set.entries().count(), 1);
    }
}

proptest! {
    // Each case is one nix-instantiate run over a list of strings.
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// NUL is left out: a Nix string cannot hold it (Nix 2.8 silently ends the
    /// literal there: `"a<NUL>b"` evaluates to "a"), nor can a command-line
    /// argument.
    #[test]
    fn nix_reads_back_exactly_the_strings(
        strings in prop::collection::vec(nasty_text(false), 32..64)
    ) {
        let literals: Vec<String> = strings.iter().map(|s| nix::string(s)).collect();
        let list = format!("[ {} ]", literals.join(" "));
        let out = common::run(Command::new("nix-instantiate").args([
            "--eval", "--strict", "--json", "-E", &list,
        ]));
        let back: Vec<String> = serde_json::from_str(&out).expect("a JSON list of strings");
        prop_assert_eq!(back, strings);
    }
}

#[test]
fn nix_reads_back_exactly_the_string() {
    let nasty = "a\"b\\c${builtins.abort \"x\"}$${y}''z\n\t$";
    let out = common::run(Command::new("nix-instantiate").args([
        "--eval",
        "--json",
        "-E",
        &nix::string(nasty),
    ]));
    let back: String = serde_json::from_str(&out).expect("a JSON string");
    assert_eq!(back, nasty);
}

#[test]
fn a_hostile_url_in_the_lock_stays_data_in_the_flake() {
    let dir = tempfile::tempdir().expect("tempdir");
    common::copy_tree(&common::fixture("tiny"), dir.path());
    let lock = dir.path().join("uv.lock");
    let text = std::fs::read_to_string(&lock).expect("lock");
    let hostile = text.replace(
        "https://files.pythonhosted.org/packages/",
        "https://files.pythonhosted.org/${builtins.abort \\\"pwned\\\"}\\\\\\\"/",
    );
    assert_ne!(text, hostile);
    std::fs::write(&lock, hostile).expect("write");
    let flake = common::tool_ok(dir.path(), &["gen"]);
    assert!(
        flake.contains(r#"https://files.pythonhosted.org/\${builtins.abort \"pwned\"}\\\"/"#),
        "{flake}"
    );
    assert!(rnix::Root::parse(&flake).errors().is_empty());
}
