//! Where the project's files come from: the disk, or memory (tests, fuzzing).

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

/// The largest input file read, in bytes. authentik's uv.lock (about 270
/// packages) is 465 KB; a lock this big would hold some 20 000 packages.
pub const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;

/// A source of the project's files.
pub trait ProjectFiles {
    /// The size of the file at `path`, or the error opening it would give.
    fn len(&self, path: &Path) -> io::Result<u64>;
    /// The bytes of the file at `path`.
    fn read(&self, path: &Path) -> io::Result<Vec<u8>>;
    /// Whether `path` is a file that exists.
    fn is_file(&self, path: &Path) -> bool;
}

/// The real file system.
#[derive(Debug, Clone, Copy, Default)]
pub struct Disk;

impl ProjectFiles for Disk {
    fn len(&self, path: &Path) -> io::Result<u64> {
        let meta = std::fs::metadata(path).map_err(|e| {
            let dangling = e.kind() == io::ErrorKind::NotFound
                && std::fs::symlink_metadata(path).is_ok_and(|m| m.is_symlink());
            if dangling {
                io::Error::other("it is a symbolic link to a file that does not exist")
            } else {
                e
            }
        })?;
        if meta.is_dir() {
            return Err(io::Error::new(
                io::ErrorKind::IsADirectory,
                "it is a directory, not a file",
            ));
        }
        Ok(meta.len())
    }

    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        std::fs::read(path)
    }

    fn is_file(&self, path: &Path) -> bool {
        path.is_file()
    }
}

/// Files held in memory, by path.
impl ProjectFiles for BTreeMap<PathBuf, Vec<u8>> {
    fn len(&self, path: &Path) -> io::Result<u64> {
        self.get(path)
            .map(|b| b.len() as u64)
            .ok_or_else(|| io::ErrorKind::NotFound.into())
    }

    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        self.get(path)
            .cloned()
            .ok_or_else(|| io::ErrorKind::NotFound.into())
    }

    fn is_file(&self, path: &Path) -> bool {
        self.contains_key(path)
    }
}
