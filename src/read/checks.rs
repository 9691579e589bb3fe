//! Checks of the lock's sources and artifacts that keep hostile or corrupt
//! values out of the flake: every string that reaches Nix must mean what it
//! says there. The lock's conversion runs them where it knows the span.
//!
//! Injection is already impossible (the emitter escapes all data); these
//! checks refuse values that would make a flake fail or mislead at
//! evaluation time: a file name that cannot be a store path name, a git URL
//! Nix cannot parse or whose `#` would drop the pinned commit, a NUL byte
//! that Nix strings silently truncate at.

use pep508_rs::PackageName;

use super::lock::{Artifact, ArtifactLocation, GitSource, Source};

/// The longest store path name Nix accepts for a derivation (211 less `.drv`).
const MAX_STORE_NAME: usize = 207;

/// A refused value: what is wrong, and the fix. The caller adds the location.
pub(super) type Refusal = (String, &'static str);

const RELOCK: &str = "uv writes no such value: regenerate the lock with `uv lock`";

/// Checks the source of package `name`.
pub(super) fn source(name: &PackageName, source: &Source) -> Result<(), Refusal> {
    match source {
        Source::Git(git) => check_git(name, git)?,
        Source::Registry(v) => check_text(name, "registry", v)?,
        Source::Path(v) => check_text(name, "path source", v)?,
        Source::Directory(v) => check_text(name, "directory source", v)?,
        Source::Editable(v) => check_text(name, "editable source", v)?,
        Source::Virtual(v) => check_text(name, "virtual source", v)?,
        Source::Url { url, subdirectory } => {
            check_url(name, "source URL", url)?;
            if let Some(sub) = subdirectory {
                check_text(name, "subdirectory", sub)?;
            }
        }
    }
    Ok(())
}

/// Checks a wheel or sdist of package `name`.
pub(super) fn artifact(name: &PackageName, artifact: &Artifact) -> Result<(), Refusal> {
    match &artifact.location {
        ArtifactLocation::Url(url) => check_url(name, "URL", url)?,
        ArtifactLocation::Path(path) => check_text(name, "path", path)?,
    }
    let file = artifact.filename();
    let store_name_byte =
        |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.' | b'_' | b'?' | b'=');
    let bad = file
        .chars()
        .find(|&c| !u8::try_from(c).is_ok_and(store_name_byte));
    let why = if let Some(c) = bad {
        format!("holds {c:?}")
    } else if file.is_empty() || file == "." || file == ".." {
        "is not a file name".to_string()
    } else if file.len() > MAX_STORE_NAME {
        format!("is longer than {MAX_STORE_NAME} characters")
    } else {
        return Ok(());
    };
    Err((
        format!(
            "file name {file:?} of {name} {why}: it cannot name a Nix store path (letters, digits and `+-._?=` only)"
        ),
        RELOCK,
    ))
}

/// An artifact or source URL: `http(s)` or `file`, without control characters.
fn check_url(name: &PackageName, what: &str, url: &str) -> Result<(), Refusal> {
    check_text(name, what, url)?;
    if ["https://", "http://", "file://"]
        .iter()
        .any(|scheme| url.starts_with(scheme))
    {
        return Ok(());
    }
    Err((
        format!("invalid {what} {url:?} of {name}: not an http://, https:// or file:// URL"),
        RELOCK,
    ))
}

/// A git source becomes a flake input URL `git+URL?ref=..&rev=COMMIT`: it must
/// be a URL Nix parses, and a `#` would turn the rest, the commit included,
/// into a fragment Nix ignores.
fn check_git(name: &PackageName, git: &GitSource) -> Result<(), Refusal> {
    let refuse = |what: &str, value: &str, why: &str| {
        Err((
            format!("invalid git {what} {value:?} of {name}: {why}"),
            RELOCK,
        ))
    };
    let commit = &git.commit;
    if !(commit.len() == 40
        && commit
            .bytes()
            .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')))
    {
        return refuse("commit", commit, "not 40 lowercase hex digits");
    }
    if !["https://", "http://", "ssh://", "file://"]
        .iter()
        .any(|scheme| git.url.starts_with(scheme))
    {
        return refuse(
            "URL",
            &git.url,
            "not an https://, http://, ssh:// or file:// URL",
        );
    }
    let parts = std::iter::once(("URL", git.url.as_str()))
        .chain(
            git.reference
                .as_ref()
                .map(|(kind, value)| (kind.as_str(), value.as_str())),
        )
        .chain(git.subdirectory.as_deref().map(|s| ("subdirectory", s)));
    for (what, part) in parts {
        if let Some(c) = part.chars().find(|&c| !is_url_char(c)) {
            return refuse(what, part, &format!("{c:?} is not allowed in a URL"));
        }
        let escapes_ok = part.match_indices('%').all(|(i, _)| {
            part[i + 1..]
                .get(..2)
                .is_some_and(|h| h.bytes().all(|b| b.is_ascii_hexdigit()))
        });
        if !escapes_ok {
            return refuse(what, part, "`%` is not followed by two hex digits");
        }
    }
    Ok(())
}

/// RFC 3986 characters, without `#` (the fragment) and `[`, `]`.
fn is_url_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:@/?%".contains(c)
}

/// Any text that reaches the flake: no control characters (Nix strings end at NUL).
fn check_text(name: &PackageName, what: &str, value: &str) -> Result<(), Refusal> {
    // Control characters are C0, DEL and C1; C1 is encoded from the lead byte 0xC2.
    if !value.bytes().any(|b| b < 0x20 || b == 0x7f || b == 0xc2) {
        return Ok(());
    }
    match value.chars().find(|c| c.is_control()) {
        None => Ok(()),
        Some(c) => Err((
            format!("{what} {value:?} of {name} holds the control character {c:?}"),
            RELOCK,
        )),
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::read::Lock;

    fn lock_with(package: &str) -> String {
        format!(
            "version = 1\nrevision = 3\n\n[[package]]\nname = \"demo\"\nversion = \"1.0\"\nsource = {{ virtual = \".\" }}\n\n[[package]]\nname = \"six\"\nversion = \"1.17.0\"\n{package}\n"
        )
    }

    /// The checks run as the lock is parsed.
    fn check(text: &str) -> Result<(), String> {
        Lock::parse(Path::new("uv.lock"), text)
            .map(drop)
            .map_err(|e| e.to_string())
    }

    const HASH: &str = "sha256:4721f391ed90541fddacab5acf947aa0d3dc7d27b2e1e8eda2be8970586c3274";

    #[test]
    fn a_real_lock_passes() {
        let text = lock_with(&format!(
            "source = {{ registry = \"https://pypi.org/simple\" }}\nwheels = [{{ url = \"https://x.example/six-1.17.0-py2.py3-none-any.whl\", hash = \"{HASH}\" }}]"
        ));
        assert_eq!(check(&text), Ok(()));
    }

    #[test]
    fn file_names_must_be_store_names() {
        let text = lock_with(&format!(
            "source = {{ registry = \"https://pypi.org/simple\" }}\nwheels = [{{ url = \"https://x.example/six${{x}}.whl\", hash = \"{HASH}\" }}]"
        ));
        let err = check(&text).unwrap_err();
        assert!(
            err.starts_with("uv.lock:13:11: file name \"six${x}.whl\" of six holds '$'"),
            "{err}"
        );
        // A percent-escape is decoded first, as uv reads it.
        let escaped = text.replace("six${x}.whl", "six-1.17.0%2Blocal-py3-none-any.whl");
        assert_eq!(check(&escaped), Ok(()));
        let undecodable = text.replace("six${x}.whl", "six-1.17.0%ff-py3-none-any.whl");
        assert!(check(&undecodable).unwrap_err().contains("holds '%'"));
    }

    #[test]
    fn git_sources_must_stay_pinned() {
        let commit = "0123456789abcdef0123456789abcdef01234567";
        for (git, why) in [
            (
                format!("https://h.example/r?tag=a#b#{commit}"),
                "'#' is not allowed",
            ),
            (
                format!("https://h.example/r s#{commit}"),
                "' ' is not allowed",
            ),
            (format!("h.example:r#{commit}"), "not an https://"),
            (
                "https://h.example/r#abc".to_string(),
                "not 40 lowercase hex",
            ),
            (
                format!("https://h.example/%zz#{commit}"),
                "`%` is not followed",
            ),
        ] {
            let err = check(&lock_with(&format!("source = {{ git = {git:?} }}"))).unwrap_err();
            assert!(err.contains(why), "{git}: {err}");
            assert!(err.starts_with("uv.lock:12:"), "{err}");
        }
        assert_eq!(
            check(&lock_with(&format!(
                "source = {{ git = \"https://h.example/$'';x=y/r?tag=v1''$#{commit}\" }}"
            ))),
            Ok(())
        );
    }

    #[test]
    fn nul_bytes_are_refused() {
        let text = lock_with("source = { directory = \"vendor/\\u0000x\" }");
        let err = check(&text).unwrap_err();
        assert!(err.contains("control character '\\0'"), "{err}");
        assert!(err.starts_with("uv.lock:12:10:"), "{err}");
    }

    #[test]
    fn a_package_locked_twice_is_refused_at_its_second_table() {
        let six = "source = { registry = \"https://pypi.org/simple\" }\n\n[[package]]\nname = \"six\"\nversion = \"1.17.0\"\nsource = { registry = \"https://pypi.org/simple\" }";
        let err = check(&lock_with(six)).unwrap_err();
        assert!(
            err.starts_with("uv.lock:14:1: package `six` 1.17.0 is locked twice with the same source (first at line 9)"),
            "{err}"
        );
        let other_source = six.replacen("pypi.org/simple", "other.example/simple", 1);
        assert_eq!(check(&lock_with(&other_source)), Ok(()));
    }
}
