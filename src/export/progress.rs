//! How far a long export or import has got, and the officer's wish to stop it. Shared between
//! the thread doing the work and the window showing it; the work checks [`Progress::check`]
//! between steps and stops with [`Cancelled`], writing nothing.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

#[derive(Debug, Default)]
pub struct Progress {
    step: Mutex<String>,
    done: AtomicUsize,
    total: AtomicUsize,
    cancelled: AtomicBool,
}

/// The work stopped because the officer cancelled it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("Cancelled")]
pub struct Cancelled;

impl Progress {
    /// Starts a step of `total` units (0 when it cannot be counted); fails once cancelled.
    pub fn begin(&self, step: impl Into<String>, total: usize) -> Result<(), Cancelled> {
        *self.step.lock().unwrap_or_else(|e| e.into_inner()) = step.into();
        self.done.store(0, Ordering::Relaxed);
        self.total.store(total, Ordering::Relaxed);
        self.check()
    }

    /// One unit of the current step done.
    pub fn advance(&self) {
        self.done.fetch_add(1, Ordering::Relaxed);
    }

    /// Of a step counted in mebibytes, `bytes` are done; `false` once cancelled, to stop. For
    /// files read a piece at a time (attachments, bundles).
    pub fn bytes_done(&self, bytes: u64) -> bool {
        let mib = usize::try_from(bytes >> 20).unwrap_or(usize::MAX);
        self.done.fetch_max(mib, Ordering::Relaxed);
        !self.is_cancelled()
    }

    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::Relaxed);
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::Relaxed)
    }

    pub fn check(&self) -> Result<(), Cancelled> {
        if self.is_cancelled() {
            Err(Cancelled)
        } else {
            Ok(())
        }
    }

    /// The current step, and how many of its units are done of how many.
    pub fn status(&self) -> (String, usize, usize) {
        let step = self.step.lock().unwrap_or_else(|e| e.into_inner()).clone();
        (
            step,
            self.done.load(Ordering::Relaxed),
            self.total.load(Ordering::Relaxed),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_count_their_units_and_cancelling_stops_the_next_step() {
        let p = Progress::default();
        p.begin("Reading rows", 3).unwrap();
        p.advance();
        p.advance();
        assert_eq!(p.status(), ("Reading rows".to_string(), 2, 3));
        p.begin("Writing", 1).unwrap();
        assert_eq!(p.status().1, 0);
        p.cancel();
        assert_eq!(p.check(), Err(Cancelled));
        assert_eq!(p.begin("Next", 1), Err(Cancelled));
    }
}
