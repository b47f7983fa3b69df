//! Which snapshots are kept: every save of the last day (up to a count), then one a day for a
//! number of days, then one a month for a number of months. [`keep`] is the rule alone, a
//! function of the snapshots' times, "now" and the officer's [`Retention`]; the snapshots'
//! order (their sequence numbers) is given by the caller, newest first, and never read from the
//! clock. The rule is kept per computer (it decides how much of this computer's disk the
//! snapshots take), beside the installation: `snapshots-<machine>.ron`.

use chrono::{DateTime, Datelike, Duration, Utc};
use serde::{Deserialize, Serialize};
use std::io;
use std::path::{Path, PathBuf};

/// How many snapshots of a casebook are kept, by age.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Retention {
    /// Every save of the last 24 hours, up to this many (the newest).
    pub last_day: u32,
    /// Then the last snapshot of each day, for this many days.
    pub days: u32,
    /// Then the last snapshot of each month, for this many months (counting this one).
    pub months: u32,
}

impl Default for Retention {
    /// A day's work in full, a month day by day, two years month by month: about 65
    /// compressed snapshots at most, under the casebook's own size (BENCHMARKS.md, "Snapshots").
    fn default() -> Self {
        Self {
            last_day: 20,
            days: 31,
            months: 24,
        }
    }
}

impl std::fmt::Display for Retention {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "every save of the last day (up to {}), then one a day for {}, then one a month for {}",
            self.last_day,
            crate::count::count(self.days as usize, "day", "days"),
            crate::count::count(self.months as usize, "month", "months")
        )
    }
}

/// Which of the snapshots taken at `times` (newest first, in the order they were taken) to
/// keep at `now`. The newest is always kept, and so is each snapshot any part of the rule
/// keeps:
/// - taken less than 24 hours before `now`, among the newest `last_day` of those;
/// - taken less than `days` days before `now`, the newest of its day (UTC);
/// - taken in one of the last `months` months (this one counting as the first), the newest of
///   its month.
///
/// A time after `now` (the clock was put back, or was ahead when the snapshot was taken) counts
/// as `now`: such snapshots are thinned as the last day's saves are, never kept for ever. So
/// at most `1 + last_day + days + 1 + months` are kept, whatever the times say.
pub fn keep(times: &[DateTime<Utc>], now: DateTime<Utc>, rule: &Retention) -> Vec<bool> {
    let day = Duration::days(1);
    let days = Duration::days(i64::from(rule.days));
    let month_of = |t: DateTime<Utc>| i64::from(t.year()) * 12 + i64::from(t.month0());
    let mut latest: std::collections::HashMap<_, DateTime<Utc>> = Default::default();
    for &taken in times {
        let taken = taken.min(now);
        let day = latest.entry(taken.date_naive()).or_insert(taken);
        *day = (*day).max(taken);
    }
    let mut recent = 0u32;
    let mut days_seen = std::collections::HashSet::new();
    let mut months_seen = std::collections::HashSet::new();
    times
        .iter()
        .enumerate()
        .map(|(i, &taken)| {
            let taken = taken.min(now);
            let age = now - taken;
            let in_last_day = age < day && recent < rule.last_day;
            recent += u32::from(age < day);
            // Each day's and month's first (newest) snapshot stands for it, whether or not a
            // window covers it, so an older one of that day or month never takes its place
            // (a longer rule keeps all a shorter one keeps). A day is in the days' window when
            // its latest time is: a clock put back can make a later save read older than an
            // earlier one of its day, and the day straddling the window's edge keeps one.
            let first_of_day = days_seen.insert(taken.date_naive());
            let first_of_month = months_seen.insert(month_of(taken));
            let day_in_window = first_of_day
                && latest
                    .get(&taken.date_naive())
                    .is_some_and(|&l| now - l < days);
            i == 0
                || in_last_day
                || day_in_window
                || (first_of_month && month_of(now) - month_of(taken) < i64::from(rule.months))
        })
        .collect()
}

/// The file the rule is kept in, for this computer, in the installation's folder.
pub(super) fn file_in(dir: &Path) -> PathBuf {
    dir.join(format!("snapshots-{}.ron", super::local::machine_name()))
}

/// The rule this computer keeps in `dir` (the installation's folder); the default when none
/// was set. A file that does not read is named, not ignored: the officer set something.
pub fn retention_rule_in(dir: &Path) -> Result<Retention, RetentionError> {
    let path = file_in(dir);
    match std::fs::read_to_string(&path) {
        Ok(text) => ron::from_str(&text).map_err(|e| RetentionError {
            path,
            error: e.to_string(),
        }),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Retention::default()),
        Err(e) => Err(RetentionError {
            path,
            error: e.to_string(),
        }),
    }
}

/// This computer's rule, from the installation's folder (`CASEDESK_INSTALLATION_DIR` or the
/// platform's local data folder); the default when there is none.
pub fn retention_rule() -> Result<Retention, RetentionError> {
    match super::local::folder() {
        Some(dir) => retention_rule_in(&dir),
        None => Ok(Retention::default()),
    }
}

#[derive(Debug, thiserror::Error)]
#[error("Could not read or keep the snapshot rule in {}: {error}", path.display())]
pub struct RetentionError {
    pub path: PathBuf,
    pub error: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    fn rule(last_day: u32, days: u32, months: u32) -> Retention {
        Retention {
            last_day,
            days,
            months,
        }
    }

    fn kept(times: &[&str], now: &str, rule: &Retention) -> Vec<bool> {
        let times: Vec<_> = times.iter().map(|t| at(t)).collect();
        keep(&times, at(now), rule)
    }

    #[test]
    fn the_last_days_saves_are_kept_up_to_the_count() {
        let now = "2026-12-06T12:00:00Z";
        let times = [
            "2026-12-06T11:00:00Z",
            "2026-12-06T10:00:00Z",
            "2026-12-06T09:00:00Z",
            "2026-12-05T12:00:00.001Z",
        ];
        assert_eq!(kept(&times, now, &rule(4, 0, 0)), [true; 4]);
        assert_eq!(
            kept(&times, now, &rule(2, 0, 0)),
            [true, true, false, false]
        );
        // Nothing but the newest, whatever the rule.
        assert_eq!(
            kept(&times, now, &rule(0, 0, 0)),
            [true, false, false, false]
        );
    }

    /// Exactly 24 hours old is no longer of the last day: kept as its day's, not as a save.
    #[test]
    fn a_day_ends_at_24_hours_and_days_at_midnight() {
        let now = "2026-12-06T12:00:00Z";
        let times = [
            "2026-12-06T11:00:00Z",
            "2026-12-05T12:00:00Z",
            "2026-12-05T11:00:00Z",
            "2026-12-04T23:59:59.999Z",
            "2026-12-04T00:00:00Z",
            "2026-12-03T23:59:59.999Z",
        ];
        assert_eq!(
            kept(&times, now, &rule(10, 0, 0)),
            [true, false, false, false, false, false]
        );
        assert_eq!(
            kept(&times, now, &rule(10, 3, 0)),
            [true, true, false, true, false, true]
        );
        // Three days back from noon reaches into the 3rd by 12 hours; two stop short of it.
        assert_eq!(
            kept(&times, now, &rule(10, 2, 0)),
            [true, true, false, true, false, false]
        );
    }

    #[test]
    fn months_end_at_midnight_of_their_last_day() {
        let now = "2027-01-01T00:00:00Z";
        let times = [
            "2026-12-31T23:59:59.999Z",
            "2026-12-01T00:00:00Z",
            "2026-11-30T23:59:59.999Z",
            "2026-11-01T00:00:00Z",
            "2025-12-31T00:00:00Z",
        ];
        assert_eq!(
            kept(&times, now, &rule(0, 0, 3)),
            [true, false, true, false, false]
        );
        // This month counts as the first: fourteen months reach back to December 2025.
        assert_eq!(
            kept(&times, now, &rule(0, 0, 14)),
            [true, false, true, false, true]
        );
        assert_eq!(
            kept(&times, now, &rule(0, 0, 13)),
            [true, false, true, false, false]
        );
        assert_eq!(
            kept(&times, now, &rule(0, 0, 1)),
            [true, false, false, false, false]
        );
    }

    /// Snapshots taken while the clock was ahead count as taken now: thinned with the last
    /// day's saves, by their order, so they never outlive what came after them.
    #[test]
    fn snapshots_from_the_future_are_thinned_as_the_last_days() {
        let now = "2026-12-06T12:00:00Z";
        let times = [
            "2026-12-06T11:00:00Z",
            "2099-01-01T00:00:00Z",
            "2099-01-01T00:00:00Z",
            "2026-12-06T10:00:00Z",
        ];
        assert_eq!(
            kept(&times, now, &rule(2, 0, 0)),
            [true, true, false, false]
        );
    }

    /// Two snapshots of one moment: the one taken later (first in the list) is the day's.
    #[test]
    fn of_equal_times_the_later_taken_is_kept() {
        let now = "2026-12-06T12:00:00Z";
        let times = [
            "2026-12-06T11:00:00Z",
            "2026-12-01T08:00:00Z",
            "2026-12-01T08:00:00Z",
        ];
        assert_eq!(kept(&times, now, &rule(0, 30, 0)), [true, true, false]);
    }

    #[test]
    fn a_rule_is_kept_per_computer_and_the_default_stands_until_then() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(retention_rule_in(dir.path()).unwrap(), Retention::default());
        super::super::installation::set_retention_rule_in(dir.path(), &rule(5, 6, 7)).unwrap();
        assert_eq!(retention_rule_in(dir.path()).unwrap(), rule(5, 6, 7));
        std::fs::write(file_in(dir.path()), "(last_day: 5").unwrap();
        let message = retention_rule_in(dir.path()).unwrap_err().to_string();
        assert!(message.contains("snapshots-"), "{message}");
    }

    /// Times around one "now", in minutes, from two months in the future to three years back:
    /// clustered at few distinct values so that equal times and shared days are common.
    fn times() -> impl Strategy<Value = Vec<i64>> {
        let minute = prop_oneof![
            -90i64 * 24 * 60..90 * 24 * 60,
            -60i64 * 24 * 60..3 * 365 * 24 * 60,
            (-2000i64..2000).prop_map(|m: i64| m * 720),
        ];
        proptest::collection::vec(minute, 0..60)
    }

    fn rules() -> impl Strategy<Value = Retention> {
        (0u32..6, 0u32..40, 0u32..30).prop_map(|(l, d, m)| rule(l, d, m))
    }

    /// Now at the edges that matter: midnight, the last instant of a month, the first of a
    /// year, and any moment.
    fn nows() -> impl Strategy<Value = DateTime<Utc>> {
        prop_oneof![
            Just(at("2027-01-01T00:00:00Z")),
            Just(at("2026-12-31T23:59:59.999Z")),
            Just(at("2026-03-01T00:00:00Z")),
            (0i64..5 * 365 * 24 * 60).prop_map(|m| at("2024-01-01T00:00:00Z")
                + Duration::minutes(m)
                + Duration::milliseconds(m % 1000)),
        ]
    }

    fn dated(now: DateTime<Utc>, minutes: &[i64]) -> Vec<DateTime<Utc>> {
        minutes
            .iter()
            .map(|&m| now - Duration::minutes(m))
            .collect()
    }

    /// Found by the property below: a later save whose clock read exactly the window's edge
    /// (out) and an earlier one of the same day a few hours inside it. The day is in the
    /// window, so one of its snapshots is kept: the later save, which stands for its day.
    #[test]
    fn a_day_straddling_the_window_s_edge_keeps_its_snapshot_inside() {
        let now = at("2025-11-24T00:00:00.920Z");
        let times = dated(now, &[0, 20_160, 19_377]);
        let kept = keep(&times, now, &rule(0, 14, 0));
        assert_eq!(kept, [true, true, false]);
    }

    proptest! {
        #[test]
        fn the_newest_is_kept_and_never_more_than_the_rule_allows(
            minutes in times(), now in nows(), rule in rules(),
        ) {
            let times = dated(now, &minutes);
            let kept = keep(&times, now, &rule);
            prop_assert_eq!(kept.len(), times.len());
            if !times.is_empty() {
                prop_assert!(kept[0]);
            }
            let bound = 1 + rule.last_day + rule.days + 1 + rule.months;
            prop_assert!(kept.iter().filter(|k| **k).count() as u32 <= bound);
        }

        /// Each part of the rule holds: the last day's newest saves up to the count, a snapshot
        /// for every day of the window and every month of the window that had one.
        #[test]
        fn every_day_and_month_in_the_window_keeps_one(
            minutes in times(), now in nows(), rule in rules(),
        ) {
            let times = dated(now, &minutes);
            let kept = keep(&times, now, &rule);
            let clamped: Vec<_> = times.iter().map(|t| (*t).min(now)).collect();
            let recent: Vec<usize> = (0..times.len())
                .filter(|&i| now - clamped[i] < Duration::days(1))
                .collect();
            for &i in recent.iter().take(rule.last_day as usize) {
                prop_assert!(kept[i], "save {} of the last day dropped", i);
            }
            for (i, t) in clamped.iter().enumerate() {
                let day_kept = (0..times.len())
                    .any(|j| kept[j] && clamped[j].date_naive() == t.date_naive());
                if now - *t < Duration::days(i64::from(rule.days)) {
                    prop_assert!(day_kept, "day of {} lost", i);
                }
                let months = (now.year() - t.year()) * 12 + now.month0() as i32
                    - t.month0() as i32;
                let month_kept = (0..times.len()).any(|j| {
                    kept[j] && (clamped[j].year(), clamped[j].month()) == (t.year(), t.month())
                });
                if months < rule.months as i32 {
                    prop_assert!(month_kept, "month of {} lost", i);
                }
            }
        }

        /// A longer rule keeps everything a shorter one keeps.
        #[test]
        fn a_longer_rule_keeps_more(
            minutes in times(), now in nows(), a in rules(), b in rules(),
        ) {
            let times = dated(now, &minutes);
            let longer = rule(a.last_day.max(b.last_day), a.days.max(b.days), a.months.max(b.months));
            let wide = keep(&times, now, &longer);
            for (narrow, wide) in keep(&times, now, &a).into_iter().zip(wide) {
                prop_assert!(!narrow || wide);
            }
        }

        /// When the clock goes back, saves taken "later" than now count as now: nothing dated
        /// ahead outlives the last day's count, and the newest is still kept.
        #[test]
        fn a_clock_put_back_thins_what_it_dated_ahead(
            minutes in proptest::collection::vec(-10_000i64..0, 1..40), now in nows(), rule in rules(),
        ) {
            let times = dated(now, &minutes);
            let kept = keep(&times, now, &rule);
            let count = kept.iter().filter(|k| **k).count() as u32;
            prop_assert!(kept[0]);
            prop_assert!(count <= 1 + rule.last_day + 1 + 1);
        }
    }
}
