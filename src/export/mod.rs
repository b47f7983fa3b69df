//! What leaves Casedesk: case summaries and reports, from domain data only. No UI toolkit.

pub mod text;
