//! The store's integration tests: bad files, round trips.

// A test: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod bad_files;
mod edit_growth;
mod encryption;
mod governance_journal;
mod hostile;
mod integrity;
mod leftovers;
mod links;
mod lock;
mod migration;
mod permissions;
mod round_trip;
mod semantic;
mod settling;
mod snapshots;
mod team;
