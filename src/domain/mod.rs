//! The case domain: pure data and rules. No UI toolkit, no file I/O, no clock reads ("now" is a
//! parameter). See `ARCHITECTURE.md`.

pub mod agenda;
pub mod attachment;
pub mod case;
pub mod casebook;
pub mod changes;
pub mod check;
pub mod clock;
pub mod corrections;
pub mod crossings;
pub mod dates;
pub mod deadlines;
pub mod details;
pub mod directions;
pub mod drafted;
pub mod drafting;
pub mod event;
pub mod figures;
pub mod governance;
pub mod hlc;
pub mod holidays;
pub mod ids;
pub mod iso;
mod labels;
pub mod merge;
pub mod name;
pub mod notification;
pub mod outcomes;
pub mod particulars;
pub mod person;
pub mod repair;
pub mod search;
pub mod stamps;
pub mod stats;
pub mod transition;
pub mod validate;
pub mod vec_map;
pub mod warnings;
pub mod workflow;
pub mod workstreams;

pub use case::*;
pub use casebook::{Applied, Casebook, Command, CommandError, Ctx, ImportedCase, Settings};
pub use clock::{Clock, ClockKey, ClockStatus, clocks, next_deadline};
pub use event::{DetailValue, Details, Event, EventKind, ExportProfile};
pub use hlc::{Frontier, InstallationId, ReplicaId, Stamp};
pub use ids::*;
pub use name::Name;
pub use person::*;
pub use transition::{Blocker, TransitionError, TransitionRequest, blockers, check_transition};
pub use workflow::{Detail, Status, StatusGroup, Workflow};

#[cfg(test)]
pub(crate) mod tests;
