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

proptest! {
    #[test]
    fn strings_stay_strings(s in "(\\PC|[\"\\\\$\\{\\}\\n\\t'])*") {
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
