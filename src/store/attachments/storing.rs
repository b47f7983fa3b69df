//! Stores under way in this process. From the moment a file starts being written beside a
//! casebook until its event is recorded (or the store is given up), no attachment holds it,
//! so it looks unused: a purge then would delete it from under the event about to name it
//! (or, for bytes kept already, under the event that finds them kept). Each store holds a
//! [`Storing`] for its folder from its start until the [`super::Stored`] it returned is
//! dropped, and a purge of that folder is refused meanwhile. Another process stores only under
//! the casebook's lock, which a purge takes too.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

/// The folder of each store under way, once per store.
static UNDER_WAY: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// The list; a thread that panicked holding it left it whole (each change is one push or one
/// removal).
fn under_way() -> MutexGuard<'static, Vec<PathBuf>> {
    UNDER_WAY.lock().unwrap_or_else(PoisonError::into_inner)
}

/// One store under way in a folder, until the last of its clones is dropped.
#[derive(Clone)]
pub struct Storing(Arc<Entry>);

struct Entry(PathBuf);

impl Storing {
    /// A store begins in `folder`: waits while a purge of it is deleting files.
    pub(super) fn begin(folder: &Path) -> Self {
        under_way().push(folder.to_path_buf());
        Storing(Arc::new(Entry(folder.to_path_buf())))
    }
}

impl Drop for Entry {
    fn drop(&mut self) {
        let mut list = under_way();
        if let Some(at) = list.iter().position(|f| *f == self.0) {
            list.swap_remove(at);
        }
    }
}

/// Not part of what was stored: two `Stored` alike are alike whichever store made them.
impl PartialEq for Storing {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for Storing {}

impl fmt::Debug for Storing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Storing({})", self.0.0.display())
    }
}

/// What a purge of `folder` holds while it deletes, so that no store begins meanwhile; refused
/// while one is under way there.
pub(super) fn none_under_way(folder: &Path) -> io::Result<MutexGuard<'static, Vec<PathBuf>>> {
    let list = under_way();
    if list.iter().any(|f| f == folder) {
        return Err(io::Error::new(
            io::ErrorKind::ResourceBusy,
            "a file is being attached (stored beside the casebook, its event not yet recorded); nothing was purged: purge once it is attached",
        ));
    }
    Ok(list)
}
