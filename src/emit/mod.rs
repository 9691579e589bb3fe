//! Stage 4, `emit`: the plans rendered as one `flake.nix` through the
//! minijinja templates in `templates/`.
//!
//! Every value a template prints goes through [`nix`]: strings become Nix
//! string literals unless a filter has already made them safe Nix text
//! (`attr`, `attrpath`, `comment`). Undefined variables are errors. The
//! flake is data; what builds it is [`LIBRARY`], a static Nix file printed as
//! it is.

pub mod context;
mod fingerprint;
pub mod nix;
pub mod pinned;
mod warnings;

use std::fmt;
use std::str::FromStr;

use minijinja::value::Value;
use minijinja::{Environment, UndefinedBehavior};

use crate::plan::Plan;
use crate::read::Inputs;

pub use context::FlakeContext;

/// How the flake gets the dependencies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Strategy {
    /// One fixed-output derivation running `uv sync`, as the proven recipe.
    UvSync,
    /// Every artifact fetched by the lock's own hash; sdists built in Nix.
    /// The default: it builds end to end and needs no hash after a lock bump.
    #[default]
    Pinned,
}

impl Strategy {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::UvSync => "uv-sync",
            Self::Pinned => "pinned",
        }
    }
}

impl fmt::Display for Strategy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Strategy {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "uv-sync" => Ok(Self::UvSync),
            "pinned" => Ok(Self::Pinned),
            _ => Err(format!("unknown strategy {s:?}: use uv-sync or pinned")),
        }
    }
}

/// A failure to render; always a bug in a template, never in the input.
#[derive(Debug, thiserror::Error)]
#[error(
    "internal error in template {template}: {source}\n  help: please report this as a bug of uv2nix-authentik"
)]
pub struct EmitError {
    template: String,
    #[source]
    source: minijinja::Error,
}

/// A generated flake and what the user should know about it.
#[derive(Debug)]
pub struct Generated {
    pub flake: String,
    pub context: FlakeContext,
    pub warnings: Vec<String>,
}

const TEMPLATES: &[(&str, &str)] = &[
    ("flake.nix", include_str!("../../templates/flake.nix.j2")),
    (
        "data-uv-sync",
        include_str!("../../templates/data-uv-sync.nix.j2"),
    ),
    (
        "data-pinned",
        include_str!("../../templates/data-pinned.nix.j2"),
    ),
];

/// The Nix library every flake includes verbatim: `nix/lib.nix`, tested on
/// its own by `nix/tests`.
pub const LIBRARY: &str = include_str!("../../nix/lib.nix");

/// Indentation of the library inside the flake's `let`.
const LIBRARY_INDENT: &str = "        ";

/// The library as the template prints it: every non-empty line indented.
fn indented_library() -> String {
    let mut out =
        String::with_capacity(LIBRARY.len() + LIBRARY.lines().count() * LIBRARY_INDENT.len());
    for line in LIBRARY.lines() {
        if !line.is_empty() {
            out.push_str(LIBRARY_INDENT);
            out.push_str(line);
        }
        out.push('\n');
    }
    out.pop();
    out
}

/// Renders the flake for `plans` (one per system).
pub fn flake(
    inputs: &Inputs,
    plans: &[Plan],
    strategy: Strategy,
    command: &str,
) -> Result<Generated, EmitError> {
    let (context, warnings) = context::build(inputs, plans, strategy, command);
    let env = environment(strategy);
    let render = || -> Result<String, minijinja::Error> {
        env.get_template("flake.nix")?
            .render(minijinja::value::Serde(&context))
    };
    let flake = render().map_err(|source| EmitError {
        template: source.name().unwrap_or("flake.nix").to_string(),
        source,
    })?;
    Ok(Generated {
        flake,
        context,
        warnings,
    })
}

fn environment(strategy: Strategy) -> Environment<'static> {
    let mut env = Environment::empty();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_syntax(
        minijinja::syntax::SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .keep_trailing_newline(true)
            .build()
            .expect("default delimiters are valid"), // ok: a constant configuration with the default delimiters
    );
    env.set_formatter(|out, _state, value| {
        if let Some(s) = value.as_str() {
            return if value.is_safe() {
                out.write_str(s)
            } else {
                nix::write_string(out, s)
            }
            .map_err(minijinja::Error::from);
        }
        let text = if value.is_safe() {
            value.to_string()
        } else if value.is_none() {
            "null".to_string()
        } else if value.is_number() || value.kind() == minijinja::value::ValueKind::Bool {
            value.to_string()
        } else {
            return Err(minijinja::Error::new(
                minijinja::ErrorKind::InvalidOperation,
                format!("cannot print a {} as Nix", value.kind()),
            ));
        };
        out.write_str(&text).map_err(minijinja::Error::from)
    });
    env.add_global("library", Value::from_safe_string(indented_library()));
    env.add_filter("attr", |s: &str| Value::from_safe_string(nix::attr_name(s)));
    env.add_filter("attrpath", |s: &str| {
        Value::from_safe_string(nix::attr_path(s))
    });
    env.add_filter("comment", |s: &str| {
        Value::from_safe_string(nix::comment(s))
    });
    // Only the templates of this strategy: each costs a compile.
    let used = |name: &str| !name.contains('-') || name.ends_with(strategy.as_str());
    for (name, source) in TEMPLATES.iter().filter(|(name, _)| used(name)) {
        env.add_template(name, source)
            .expect("built-in template parses"); // ok: the templates are compiled in and covered by the snapshot tests
    }
    env
}
