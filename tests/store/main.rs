//! The store's integration tests: bad files, round trips.

mod bad_files;
mod encryption;
mod hostile;
mod integrity;
mod leftovers;
mod links;
mod lock;
mod migration;
mod permissions;
mod round_trip;
mod semantic;
mod snapshots;
mod team;
