//! Small file-system helpers shared by saving, snapshots and the lock: owner-only files, fsync
//! of files and folders, the file a path really names, and whether two names are one file.

use std::fs::{File, Metadata, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};

/// Creates a new file readable and writable by the owner only (0600 on Unix). Fails if it exists.
/// Open for reading too: some systems lock only files open both ways (`lock.rs`).
pub fn create_private(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true).write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

/// Creates a folder (and its parents) that only the owner can list or enter (0700 on Unix):
/// snapshot names say when a casebook was worked on.
pub fn create_private_dir(path: &Path) -> io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(path)
}

/// Flushes a folder's entries (a rename) to disk. A no-op where folders cannot be opened.
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

/// The folder a file lives in (`.` for a bare file name).
pub fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// How many symbolic links in a row are followed before giving up, as the system does (ELOOP).
const MAX_LINKS: usize = 40;

/// The file `path` names, following the symbolic links at its end: a casebook opened through a
/// link is locked, saved and kept in snapshots where it really is, and a save never replaces the
/// link with a file of its own. Links among the folders on the way are left as they are: the
/// system follows them alike for every file in the folder. A path that names nothing (yet) is
/// its own.
pub fn real_path(path: &Path) -> io::Result<PathBuf> {
    let mut path = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match std::fs::symlink_metadata(&path) {
            Ok(meta) if meta.file_type().is_symlink() => {
                // A relative target is relative to the link's folder; an absolute one replaces it.
                let target = std::fs::read_link(&path)?;
                path = parent_dir(&path).join(target);
            }
            Ok(_) => return Ok(path),
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(path),
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other("too many symbolic links in a row"))
}

/// Whether two files' metadata describe one file (the same inode on Unix). Elsewhere, without a
/// stable file id in the standard library, the same size and creation and modification times.
pub fn same_file(a: &Metadata, b: &Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        a.dev() == b.dev() && a.ino() == b.ino()
    }
    #[cfg(not(unix))]
    {
        a.len() == b.len()
            && a.modified().ok() == b.modified().ok()
            && a.created().ok() == b.created().ok()
    }
}

/// The casebook's file name without `.ron`: the prefix of its snapshots and its journal.
pub fn stem(casebook: &Path) -> String {
    casebook
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "casebook".into())
}
