//! The time the window works at, handed to it: the computer's clock in use, a fixed moment in
//! tests, so what a test sees (today's deadlines, events' times) does not depend on when it runs.

use chrono::{DateTime, FixedOffset, Local, NaiveDate, Utc};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Clock {
    /// The computer's clock, in its time zone.
    System,
    /// Always this moment.
    Fixed(DateTime<FixedOffset>),
}

impl Clock {
    pub fn now(self) -> DateTime<FixedOffset> {
        match self {
            Clock::System => Local::now().fixed_offset(),
            Clock::Fixed(at) => at,
        }
    }

    pub fn now_utc(self) -> DateTime<Utc> {
        self.now().to_utc()
    }

    /// The date where the officer is.
    pub fn today(self) -> NaiveDate {
        self.now().date_naive()
    }
}
