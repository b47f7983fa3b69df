//! The generator's randomness: splitmix64 seeded by the caller, and two small formatters.

use crate::domain::ids::splitmix64;
use chrono::{NaiveDate, TimeDelta};

/// splitmix64 with the few helpers the generator needs.
pub(super) struct Rng {
    state: u64,
}

impl Rng {
    pub(super) fn new(seed: u64) -> Self {
        Self {
            state: seed ^ 0xD1B5_4A32_D192_ED03,
        }
    }

    pub(super) fn next_u64(&mut self) -> u64 {
        splitmix64(&mut self.state)
    }

    /// `0..n`; 0 when `n` is 0.
    pub(super) fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }

    /// `lo..=hi`; `lo` when the range is empty.
    pub(super) fn int(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            lo
        } else {
            lo + (self.next_u64() % (hi - lo + 1) as u64) as i64
        }
    }

    pub(super) fn chance(&mut self, p: f64) -> bool {
        ((self.next_u64() >> 11) as f64) / ((1u64 << 53) as f64) < p
    }

    /// One of a non-empty constant list.
    pub(super) fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    /// One of a list that may be empty.
    pub(super) fn pick_from<T: Copy>(&mut self, items: &[T]) -> Option<T> {
        items.get(self.below(items.len())).copied()
    }

    pub(super) fn weighted<T: Copy>(&mut self, items: &[(T, u32)]) -> T {
        let total: u32 = items.iter().map(|(_, w)| *w).sum();
        let mut roll = self.below(total as usize) as u32;
        for &(item, w) in items {
            if roll < w {
                return item;
            }
            roll -= w;
        }
        items[0].0
    }

    pub(super) fn digits(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| char::from(b'0' + self.below(10) as u8))
            .collect()
    }

    pub(super) fn letters(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| char::from(b'A' + self.below(26) as u8))
            .collect()
    }

    /// Days from today to a recorded due date: some overdue, some due within a week, most later.
    pub(super) fn due_offset(&mut self) -> i64 {
        match self.below(100) {
            0..30 => self.int(-40, -1),
            30..55 => self.int(0, 7),
            _ => self.int(8, 90),
        }
    }
}

pub(super) fn add_days(date: NaiveDate, days: i64) -> NaiveDate {
    TimeDelta::try_days(days)
        .and_then(|d| date.checked_add_signed(d))
        .unwrap_or(date)
}

pub(super) fn money(pounds: i64) -> String {
    let digits = pounds.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    format!("£{out}")
}
