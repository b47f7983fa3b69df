//! Revision stamps: a hybrid logical clock per officer, so two copies of a casebook edited
//! apart can be compared without a server. A stamp is (wall time in ms, counter, replica): it
//! orders changes like the wall clock when clocks agree, and still orders them correctly when a
//! laptop's clock is behind. Each casebook also keeps, per replica, the newest stamp it has seen
//! (its [`Frontier`]): a change whose stamp the other copy has seen was known to it when it made
//! its own, so the two copies' common ancestry can be inferred from stamps alone.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// Who makes changes: a short hash of the officer's name and agency and of the installation
/// (the computer) they work on, so each of an officer's computers is a replica of its own and
/// needs no registration. Replica 0 stands for "before stamps": values migrated from a file
/// saved before revision stamps existed.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct ReplicaId(pub u32);

/// One installation of Casedesk: a random id chosen the first time it runs on a computer and
/// kept there, outside every casebook (`store::installation`), so a copy of a casebook carried
/// to another computer does not carry it along.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct InstallationId(pub u64);

impl ReplicaId {
    pub const BEFORE_STAMPS: ReplicaId = ReplicaId(0);

    /// The replica of an officer working on `installation`. Without one (tests, the demo, and
    /// every stamp made before installations had ids) it is the officer's alone, the same on
    /// every computer.
    pub fn of(name: &str, agency: &str, installation: Option<InstallationId>) -> Self {
        let officer = name.trim().bytes().chain([0]).chain(agency.trim().bytes());
        match installation {
            None => Self::hash(officer),
            Some(i) => Self::hash(officer.chain([0]).chain(i.0.to_le_bytes())),
        }
    }

    /// The officer's replica on no installation in particular: see [`ReplicaId::of`].
    pub fn of_officer(name: &str, agency: &str) -> Self {
        Self::of(name, agency, None)
    }

    /// A replica standing for the changes in a file saved before every change was stamped
    /// (see `store::format`), named by the file's checksum: only a copy holding that file's
    /// content has seen it.
    pub fn of_file(checksum: &str) -> Self {
        Self::hash(b"file\0".iter().copied().chain(checksum.bytes()))
    }

    /// FNV-1a; never 0, which is kept for migrated values.
    fn hash(bytes: impl Iterator<Item = u8>) -> Self {
        let mut hash: u32 = 0x811c_9dc5;
        for byte in bytes {
            hash ^= u32::from(byte);
            hash = hash.wrapping_mul(0x0100_0193);
        }
        ReplicaId(hash.max(1))
    }
}

/// One revision stamp. Ordered by time, then counter, then replica, so any two stamps compare.
/// On disk it is a short string `millis.counter.replica` (e.g. `1763900000000.0.9f3a11c2`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Stamp {
    pub millis: i64,
    pub counter: u32,
    pub replica: ReplicaId,
}

impl Stamp {
    /// A stamp for a value migrated from an older file: the time it was last known to change.
    pub fn migrated(at: DateTime<Utc>) -> Self {
        Stamp {
            millis: at.timestamp_millis(),
            counter: 0,
            replica: ReplicaId::BEFORE_STAMPS,
        }
    }

    pub fn time(self) -> Option<DateTime<Utc>> {
        DateTime::from_timestamp_millis(self.millis)
    }
}

impl fmt::Display for Stamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{:x}", self.millis, self.counter, self.replica.0)
    }
}

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
#[error("A revision stamp is written millis.counter.replica, not \"{0}\"")]
pub struct BadStamp(String);

impl FromStr for Stamp {
    type Err = BadStamp;
    fn from_str(s: &str) -> Result<Self, BadStamp> {
        let bad = || BadStamp(s.chars().take(40).collect());
        let mut parts = pieces(s, b'.');
        let (Some(millis), Some(counter), Some(replica), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(bad());
        };
        Ok(Stamp {
            millis: millis.parse().map_err(|_| bad())?,
            counter: counter.parse().map_err(|_| bad())?,
            replica: ReplicaId(u32::from_str_radix(replica, 16).map_err(|_| bad())?),
        })
    }
}

/// `text` cut at each `separator` (an ASCII byte), as `str::split` cuts it, but each cut found
/// with `memchr` rather than `split`'s general searcher: every stamp of every case is cut at
/// open ([`super::stamps::CaseStamps::decode`]).
pub(super) fn pieces(text: &str, separator: u8) -> impl Iterator<Item = &str> {
    debug_assert!(separator.is_ascii(), "a cut inside a character");
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let piece = rest?;
        match memchr::memchr(separator, piece.as_bytes()) {
            Some(at) => {
                rest = Some(&piece[at + 1..]);
                Some(&piece[..at])
            }
            None => {
                rest = None;
                Some(piece)
            }
        }
    })
}

impl Serialize for Stamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Stamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// How far ahead of the local clock a stamp may be and still be followed: clocks of laptops
/// in different places that are set right agree to within seconds; a day covers a wrong time
/// zone, not a wrong date.
pub const MAX_AHEAD: chrono::TimeDelta = chrono::TimeDelta::days(1);

/// An officer who has changed this casebook or a copy merged into it, and the newest of their
/// stamps it has seen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Replica {
    pub id: ReplicaId,
    pub officer: String,
    pub agency: String,
    pub seen: Stamp,
}

/// Per replica, the newest stamp a casebook has seen, sorted by replica id. Small: one entry per
/// officer who ever edited a copy.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Frontier(Vec<Replica>);

impl Frontier {
    fn entry(&self, id: ReplicaId) -> Option<&Replica> {
        self.0
            .binary_search_by_key(&id, |r| r.id)
            .ok()
            .map(|i| &self.0[i])
    }

    /// Whether the change stamped `stamp` was known to this casebook.
    pub fn has_seen(&self, stamp: Stamp) -> bool {
        self.entry(stamp.replica).is_some_and(|r| r.seen >= stamp)
    }

    /// Whether this casebook has seen everything `other` has: every replica's newest stamp
    /// there. Every change is stamped (`Casebook::apply`), so a copy whose frontier this covers
    /// holds nothing this casebook lacks.
    pub fn covers(&self, other: &Frontier) -> bool {
        other.0.iter().all(|r| self.has_seen(r.seen))
    }

    /// "Name (agency)" of the officer behind a replica, for showing who changed a value.
    pub fn officer(&self, id: ReplicaId) -> String {
        match self.entry(id) {
            _ if id == ReplicaId::BEFORE_STAMPS => "before revision stamps".into(),
            Some(r) if r.agency.is_empty() => r.officer.clone(),
            Some(r) => format!("{} ({})", r.officer, r.agency),
            None => format!("officer {:x}", id.0),
        }
    }

    /// Records that `stamp` was seen (and who its replica is, if not known yet).
    pub fn note(&mut self, stamp: Stamp, officer: &str, agency: &str) {
        match self.0.binary_search_by_key(&stamp.replica, |r| r.id) {
            Ok(i) => {
                let r = &mut self.0[i];
                r.seen = r.seen.max(stamp);
                if !officer.is_empty() {
                    r.officer = officer.into();
                    r.agency = agency.into();
                }
            }
            Err(i) => self.0.insert(
                i,
                Replica {
                    id: stamp.replica,
                    officer: officer.into(),
                    agency: agency.into(),
                    seen: stamp,
                },
            ),
        }
    }

    /// Everything either side has seen. The same whichever side is `self`: a replica both
    /// know keeps the name it had where it was seen last (ties by name), so two copies that
    /// have merged each other hold the same frontier.
    pub fn union(&self, other: &Frontier) -> Frontier {
        let mut out = self.clone();
        for r in &other.0 {
            match out.0.binary_search_by_key(&r.id, |o| o.id) {
                Ok(i) => {
                    let o = &mut out.0[i];
                    let rank = |x: &Replica| (x.seen, x.officer.clone(), x.agency.clone());
                    if rank(r) > rank(o) {
                        *o = r.clone();
                    }
                }
                Err(i) => out.0.insert(i, r.clone()),
            }
        }
        out
    }

    /// The replicas whose newest stamp is more than [`MAX_AHEAD`] ahead of `now`: changes made
    /// on a computer whose clock was wrong. Their stamps stay as they are (two copies must keep
    /// agreeing on what each has seen), but [`Frontier::tick`] does not follow them.
    pub fn ahead_of(&self, now: DateTime<Utc>) -> impl Iterator<Item = &Replica> {
        let bound = now
            .timestamp_millis()
            .saturating_add(MAX_AHEAD.num_milliseconds());
        self.0.iter().filter(move |r| r.seen.millis > bound)
    }

    /// The next stamp for `replica` at wall time `now`: later than everything seen, so a change
    /// made after a merge orders after what the merge brought in; but a colleague's stamp more
    /// than [`MAX_AHEAD`] ahead of `now` is not followed, so one wrong clock does not date every
    /// later change. `replica`'s own stamps are always followed: they must keep increasing for
    /// other copies to tell which of its changes they have seen.
    pub fn tick(&self, replica: ReplicaId, now: DateTime<Utc>) -> Stamp {
        let millis = now.timestamp_millis();
        let bound = millis.saturating_add(MAX_AHEAD.num_milliseconds());
        let latest = self
            .0
            .iter()
            .filter(|r| r.id == replica || r.seen.millis <= bound)
            .map(|r| r.seen)
            .max()
            .unwrap_or_default();
        if millis > latest.millis {
            Stamp {
                millis,
                counter: 0,
                replica,
            }
        } else {
            Stamp {
                millis: latest.millis,
                counter: latest.counter.saturating_add(1),
                replica,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn pieces_cut_as_split_does(text in "[a.=é ]{0,12}") {
            for separator in [b'.', b' ', b'='] {
                let ours: Vec<&str> = pieces(&text, separator).collect();
                let split: Vec<&str> = text.split(char::from(separator)).collect();
                proptest::prop_assert_eq!(ours, split);
            }
        }
    }

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn stamps_round_trip_as_short_strings_and_bad_ones_are_refused() {
        let s = Stamp {
            millis: 1_763_900_000_000,
            counter: 3,
            replica: ReplicaId(0x9f3a),
        };
        assert_eq!(s.to_string(), "1763900000000.3.9f3a");
        assert_eq!("1763900000000.3.9f3a".parse(), Ok(s));
        for bad in ["", "1.2", "1.2.3.4", "x.0.1", "1.-1.1", "1.0.zz"] {
            assert!(bad.parse::<Stamp>().is_err(), "{bad}");
        }
        let ron = ron::to_string(&s).unwrap();
        assert_eq!(ron, "\"1763900000000.3.9f3a\"");
        assert_eq!(ron::from_str::<Stamp>(&ron).unwrap(), s);
    }

    #[test]
    fn ticks_follow_the_wall_clock_and_never_go_back_when_it_does() {
        let me = ReplicaId::of_officer("A. Khan", "FIA");
        let mut seen = Frontier::default();
        let first = seen.tick(me, at("2026-11-23T10:00:00Z"));
        seen.note(first, "A. Khan", "FIA");
        let later = seen.tick(me, at("2026-11-23T10:00:01Z"));
        assert!(later > first && later.counter == 0);
        seen.note(later, "A. Khan", "FIA");
        // The laptop's clock jumps back an hour: the counter keeps the order.
        let skewed = seen.tick(me, at("2026-11-23T09:00:00Z"));
        assert!(skewed > later);
        assert_eq!((skewed.millis, skewed.counter), (later.millis, 1));
        // A colleague's stamp from the future (their clock is ahead) is seen: ours order after it.
        let other = ReplicaId::of_officer("J. Smith", "NCA");
        let theirs = Stamp {
            millis: later.millis + 60_000,
            counter: 0,
            replica: other,
        };
        seen.note(theirs, "J. Smith", "NCA");
        assert!(seen.tick(me, at("2026-11-23T10:00:02Z")) > theirs);
        assert!(seen.has_seen(later) && seen.has_seen(theirs) && !seen.has_seen(skewed));
        assert_eq!(seen.officer(other), "J. Smith (NCA)");
    }

    #[test]
    fn a_colleagues_stamp_from_a_wrong_clock_is_kept_but_not_followed() {
        let me = ReplicaId::of_officer("A. Khan", "FIA");
        let other = ReplicaId::of_officer("J. Smith", "NCA");
        let now = at("2026-11-23T10:00:00Z");
        let stamp = |when: &str, replica| Stamp {
            millis: at(when).timestamp_millis(),
            counter: 0,
            replica,
        };
        let mut seen = Frontier::default();
        let future = stamp("2100-01-01T00:00:00Z", other);
        seen.note(future, "J. Smith", "NCA");
        let mine = seen.tick(me, now);
        assert_eq!((mine.millis, mine.counter), (now.timestamp_millis(), 0));
        assert!(
            seen.has_seen(future),
            "still known, for telling what was seen"
        );
        let ahead: Vec<ReplicaId> = seen.ahead_of(now).map(|r| r.id).collect();
        assert_eq!(ahead, vec![other]);
        // Within a day ahead, a colleague's clock is followed, as clocks a little apart are.
        let mut near = Frontier::default();
        let soon = stamp("2026-11-24T09:00:00Z", other);
        near.note(soon, "J. Smith", "NCA");
        assert!(near.tick(me, now) > soon);
        assert_eq!(near.ahead_of(now).count(), 0);
        // Our own stamps are always followed, however far ahead: they must keep increasing.
        let own = stamp("2100-01-01T00:00:00Z", me);
        seen.note(own, "A. Khan", "FIA");
        assert!(seen.tick(me, now) > own);
    }

    #[test]
    fn the_union_of_two_frontiers_is_the_same_either_way() {
        let id = ReplicaId::of_officer("J. Smith", "NCA");
        let stamp = |millis| Stamp {
            millis,
            counter: 0,
            replica: id,
        };
        let (mut a, mut b) = (Frontier::default(), Frontier::default());
        a.note(stamp(5), "J. Smith", "NCA");
        b.note(stamp(5), "J. Smith", "National Crime Agency");
        assert_eq!(a.union(&b), b.union(&a));
        b.note(stamp(7), "", "");
        let both = a.union(&b);
        assert_eq!(both, b.union(&a));
        assert_eq!(both.entry(id).map(|r| r.seen), Some(stamp(7)));
    }

    #[test]
    fn replica_ids_are_stable_per_officer_and_never_the_migration_id() {
        assert_eq!(
            ReplicaId::of_officer("A. Khan", "FIA"),
            ReplicaId::of_officer(" A. Khan ", "FIA")
        );
        assert_ne!(
            ReplicaId::of_officer("A. Khan", "FIA"),
            ReplicaId::of_officer("A. Khan", "NCA")
        );
        assert_ne!(ReplicaId::of_officer("", ""), ReplicaId::BEFORE_STAMPS);
    }

    #[test]
    fn each_installation_of_an_officer_is_a_replica_of_its_own() {
        let (laptop, desktop) = (Some(InstallationId(1)), Some(InstallationId(2)));
        let of = |i| ReplicaId::of("A. Khan", "FIA", i);
        assert_ne!(of(laptop), of(desktop));
        assert_ne!(of(laptop), ReplicaId::of_officer("A. Khan", "FIA"));
        assert_eq!(of(laptop), ReplicaId::of(" A. Khan", "FIA ", laptop));
        assert_eq!(of(None), ReplicaId::of_officer("A. Khan", "FIA"));
    }

    #[test]
    fn a_frontier_covers_another_when_it_has_seen_every_replicas_newest_stamp() {
        let stamp = |millis, replica| Stamp {
            millis,
            counter: 0,
            replica: ReplicaId(replica),
        };
        let mut ours = Frontier::default();
        ours.note(stamp(10, 1), "A", "");
        ours.note(stamp(20, 2), "B", "");
        let mut theirs = Frontier::default();
        assert!(ours.covers(&theirs));
        theirs.note(stamp(20, 2), "B", "");
        assert!(ours.covers(&theirs));
        theirs.note(stamp(5, 1), "A", "");
        assert!(ours.covers(&theirs));
        theirs.note(stamp(11, 1), "A", "");
        assert!(!ours.covers(&theirs));
        assert!(!ours.covers(&Frontier(vec![Replica {
            id: ReplicaId(3),
            officer: "C".into(),
            agency: String::new(),
            seen: stamp(1, 3),
        }])));
    }
}
