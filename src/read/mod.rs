//! Stage 1, `read`: the project's input files, parsed and checked.
//!
//! Reads `uv.lock`, the root `pyproject.toml`, each workspace member's
//! `pyproject.toml` and `uv.toml` when present. Nothing here decides what
//! gets installed; that is [`crate::plan`].

mod checks;
mod error;
mod files;
mod location;
pub mod lock;
pub mod pyproject;
mod toml_file;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use pep508_rs::PackageName;
use sha2::{Digest, Sha256};

pub use error::ReadError;
pub use files::{Disk, MAX_FILE_BYTES, ProjectFiles};
pub use location::Location;
pub use lock::{Lock, Package, Source};
pub use pyproject::{DefaultGroups, PyProject, UvSettings};

use crate::recipes::{self, Recipes};

/// Everything read from a project directory.
#[derive(Debug, Clone)]
pub struct Inputs {
    pub lock: Lock,
    pub project: PyProject,
    /// Workspace members other than the root, by name.
    pub members: BTreeMap<PackageName, Member>,
    /// The effective build settings: `uv.toml` when present, else `[tool.uv]`.
    pub settings: UvSettings,
    /// Every file read, relative to the project, with its sha256: the flake's
    /// staleness guard compares them.
    pub files: Vec<InputFile>,
    /// The recipes in effect: the built-in rows with the project's own over them.
    pub recipes: Recipes,
}

/// A workspace member.
#[derive(Debug, Clone)]
pub struct Member {
    /// Directory relative to the project root, with `/` separators.
    pub path: String,
    pub pyproject: PyProject,
}

/// A file the output was generated from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputFile {
    /// Path relative to the project root, with `/` separators.
    pub path: String,
    /// Lowercase hex sha256 of the bytes.
    pub sha256: String,
}

/// Reads the project in `dir` from the disk.
pub fn read_project(dir: &Path) -> Result<Inputs, ReadError> {
    read_project_from(&Disk, dir)
}

/// Reads the project in `dir` from `fs`.
pub fn read_project_from(fs: &impl ProjectFiles, dir: &Path) -> Result<Inputs, ReadError> {
    let lock_bytes = read_file(
        fs,
        dir,
        "uv.lock",
        "run `uv lock` in the project first, or pass --project DIR",
    )?;
    let lock_text = utf8(dir, "uv.lock", &lock_bytes)?;
    let pyproject_bytes = read_file(
        fs,
        dir,
        "pyproject.toml",
        "run uv2nix-authentik in the directory holding pyproject.toml and uv.lock, or pass --project DIR",
    )?;
    let pyproject_text = utf8(dir, "pyproject.toml", &pyproject_bytes)?;
    let lock = Lock::parse(&dir.join("uv.lock"), lock_text)?;
    let mut files = vec![
        InputFile::of("uv.lock", lock_text),
        InputFile::of("pyproject.toml", pyproject_text),
    ];
    let project = PyProject::parse(&dir.join("pyproject.toml"), pyproject_text)?;

    let mut members = BTreeMap::new();
    for package in &lock.packages {
        if !lock.members.contains(&package.name) || package.name == project.name {
            continue;
        }
        let path = match &package.source {
            Source::Editable(p) | Source::Directory(p) | Source::Virtual(p) => p.clone(),
            _ => continue,
        };
        let rel = format!("{}/pyproject.toml", path.trim_end_matches('/'));
        let bytes = read_file(
            fs,
            dir,
            &rel,
            "the lock names this workspace member: restore its directory or run `uv lock` again",
        )?;
        let text = utf8(dir, &rel, &bytes)?;
        files.push(InputFile::of(&rel, text));
        let pyproject = PyProject::parse(&dir.join(&rel), text)?;
        members.insert(package.name.clone(), Member { path, pyproject });
    }

    let uv_toml = dir.join("uv.toml");
    let settings = if fs.is_file(&uv_toml) {
        let bytes = read_file(fs, dir, "uv.toml", "")?;
        let text = utf8(dir, "uv.toml", &bytes)?;
        files.push(InputFile::of("uv.toml", text));
        let mut settings = pyproject::parse_uv_toml(&uv_toml, text)?;
        // default-groups is a project setting: it stays in pyproject.toml.
        settings.default_groups = project.uv.default_groups.clone();
        settings
    } else {
        project.uv.clone()
    };

    let recipes = read_recipes(fs, dir, pyproject_text, &project, &lock, &mut files)?;

    Ok(Inputs {
        lock,
        project,
        members,
        settings,
        files,
        recipes,
    })
}

/// The recipes in effect, with the project's own from `[tool.uv2nix-authentik]`
/// or `uv2nix.toml` (which is then one of the files read).
fn read_recipes(
    fs: &impl ProjectFiles,
    dir: &Path,
    pyproject_text: &str,
    project: &PyProject,
    lock: &Lock,
    files: &mut Vec<InputFile>,
) -> Result<Recipes, ReadError> {
    let own_file = dir.join(recipes::overrides::FILE);
    let bytes = if fs.is_file(&own_file) {
        Some(read_file(
            fs,
            dir,
            recipes::overrides::FILE,
            "make uv2nix.toml a readable file, or delete it",
        )?)
    } else {
        None
    };
    let pyproject_path = dir.join("pyproject.toml");
    let user = match (&bytes, project.recipes_at) {
        (Some(_), Some(offset)) => {
            return Err(ReadError::invalid(
                Location::at(&pyproject_path, pyproject_text, offset),
                format!(
                    "recipes in both [{}] and {}",
                    recipes::overrides::TOOL_TABLE,
                    recipes::overrides::FILE
                ),
                "keep them in one place: move the rows into one of the two and delete the other",
            ));
        }
        (Some(bytes), None) => {
            let text = utf8(dir, recipes::overrides::FILE, bytes)?;
            files.push(InputFile::of(recipes::overrides::FILE, text));
            Some(recipes::overrides::UserFile {
                path: &own_file,
                text,
                in_pyproject: false,
            })
        }
        (None, Some(_)) => Some(recipes::overrides::UserFile {
            path: &pyproject_path,
            text: pyproject_text,
            in_pyproject: true,
        }),
        (None, None) => None,
    };
    Ok(recipes::overrides::load(user, lock, &project.name)?)
}

fn read_file(
    fs: &impl ProjectFiles,
    dir: &Path,
    rel: &str,
    help: &'static str,
) -> Result<Vec<u8>, ReadError> {
    let path: PathBuf = dir.join(rel);
    let io_error = |source: std::io::Error| {
        if source.kind() == std::io::ErrorKind::NotFound {
            ReadError::Missing {
                path: path.clone(),
                help,
            }
        } else {
            ReadError::Io {
                path: path.clone(),
                source,
            }
        }
    };
    let len = fs.len(&path).map_err(io_error)?;
    if len > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge { path, len });
    }
    fs.read(&path).map_err(io_error)
}

/// The text of the file at `rel`, once its bytes are checked to be UTF-8.
fn utf8<'b>(dir: &Path, rel: &str, bytes: &'b [u8]) -> Result<&'b str, ReadError> {
    std::str::from_utf8(bytes).map_err(|e| {
        let offset = e.valid_up_to();
        let text = String::from_utf8_lossy(bytes);
        ReadError::invalid(
            Location::at(&dir.join(rel), &text, offset),
            "the file is not valid UTF-8",
            "save it as UTF-8",
        )
    })
}

impl InputFile {
    /// The file at `path` (relative to the project) with the bytes of `text`.
    fn of(path: &str, text: &str) -> Self {
        Self {
            path: path.to_string(),
            sha256: sha256_hex(text.as_bytes()),
        }
    }
}

/// Lowercase hex sha256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut hex = String::with_capacity(64);
    for b in Sha256::digest(bytes) {
        hex.push(char::from(DIGITS[usize::from(b >> 4)]));
        hex.push(char::from(DIGITS[usize::from(b & 0xf)]));
    }
    hex
}
