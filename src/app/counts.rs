//! Counts as officers read them.

use crate::domain::Casebook;

pub(crate) use crate::count::{count, thousands};

/// "312 cases, 540 people" for dialogs about whole casebooks.
pub fn describe(book: &Casebook) -> String {
    format!(
        "{}, {}",
        count(book.cases().len(), "case", "cases"),
        count(book.people().len(), "person", "people")
    )
}
