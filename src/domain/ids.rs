//! Stable identities. Every record gets a UUID at creation so that undo, merge and links never
//! depend on a position in a list or on the human reference.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        /// In the order of the id's bytes, as `Uuid` orders them, compared as one number: the
        /// agenda's and the dashboard's sorts at open compare ids hundreds of thousands of
        /// times, and a comparison of bytes is a call to `memcmp` each time.
        impl Ord for $name {
            fn cmp(&self, other: &Self) -> std::cmp::Ordering {
                self.0.as_u128().cmp(&other.0.as_u128())
            }
        }

        impl PartialOrd for $name {
            fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
                Some(self.cmp(other))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

id_type!(
    /// A case (extradition or MLA request).
    CaseId
);
id_type!(
    /// A person known to the casebook (subject, witness, victim…).
    PersonId
);
id_type!(
    /// An event in a case's history.
    EventId
);
id_type!(
    /// An agency on the pick list.
    AgencyId
);
id_type!(
    /// A contact at an agency.
    ContactId
);
id_type!(
    /// A sub-record inside a case (offence, checklist item, hearing, note…).
    RecordId
);
id_type!(
    /// An agreement in the register (`governance`).
    AgreementId
);
id_type!(
    /// A meeting of the programme's governance.
    MeetingId
);
id_type!(
    /// An action point.
    ActionId
);
id_type!(
    /// A capacity-building activity.
    ActivityId
);

/// Where new ids come from. The domain never reads entropy or the clock itself: the window and
/// the command line pass [`RandomIds`], the demo generator and tests pass [`SeededIds`] so the
/// same seed gives the same casebook.
pub trait IdSource {
    fn next_uuid(&mut self) -> Uuid;
}

/// Random version-4 UUIDs, for real use.
#[derive(Default)]
pub struct RandomIds;

impl IdSource for RandomIds {
    fn next_uuid(&mut self) -> Uuid {
        Uuid::new_v4()
    }
}

/// Deterministic UUIDs from a seed (splitmix64), for the demo generator and tests.
pub struct SeededIds {
    state: u64,
}

impl SeededIds {
    pub fn new(seed: u64) -> Self {
        Self { state: seed }
    }
}

impl IdSource for SeededIds {
    fn next_uuid(&mut self) -> Uuid {
        let hi = splitmix64(&mut self.state);
        let lo = splitmix64(&mut self.state);
        uuid::Builder::from_random_bytes(((u128::from(hi) << 64) | u128::from(lo)).to_be_bytes())
            .into_uuid()
    }
}

/// An id worked out from what it names instead of drawn at random: two copies of a casebook
/// that record the same thing (the same move from the same point, the same choice in a merge)
/// give it the same id, so a merge sees one event where a random id would make two. A version 8
/// UUID over a BLAKE3 hash of the parts, each written with its length so no two sequences of
/// parts read alike.
pub struct Derive(blake3::Hasher);

impl Derive {
    /// Starts an id for `purpose` ("move", "merge choice"…): ids of different purposes never meet.
    pub fn new(purpose: &str) -> Self {
        Derive(blake3::Hasher::new()).text(purpose)
    }

    pub fn uuid(mut self, id: Uuid) -> Self {
        self.0.update(id.as_bytes());
        self
    }

    pub fn text(mut self, text: &str) -> Self {
        self.0.update(&(text.len() as u64).to_le_bytes());
        self.0.update(text.as_bytes());
        self
    }

    /// A value as the casebook file writes it (RON), so the parts are those the file keeps.
    pub fn value<T: Serialize + ?Sized>(self, value: &T) -> Self {
        let text = ron::to_string(value).unwrap_or_default();
        self.text(&text)
    }

    pub fn finish(self) -> Uuid {
        let hash = self.0.finalize();
        let mut bytes = [0; 16];
        bytes.copy_from_slice(&hash.as_bytes()[..16]);
        uuid::Builder::from_custom_bytes(bytes).into_uuid()
    }
}

/// One step of splitmix64: small, fast and well distributed; used for seeded ids and the demo.
pub fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_sort_as_their_bytes_do() {
        let ids: Vec<Uuid> = (0..500).map(|_| Uuid::new_v4()).collect();
        let mut by_bytes = ids.clone();
        by_bytes.sort();
        let mut ours: Vec<CaseId> = ids.into_iter().map(CaseId).collect();
        ours.sort();
        assert!(ours.iter().map(|id| id.0).eq(by_bytes));
        // Bytes that differ only in the last, and in its high bit; then in the first.
        let mut last = [0; 16];
        last[15] = 0x80;
        let mut first = [0; 16];
        first[0] = 1;
        let [zero, last, first] = [[0; 16], last, first].map(|b| CaseId(Uuid::from_bytes(b)));
        assert!(zero < last && last < first);
    }

    #[test]
    fn seeded_ids_repeat_for_the_same_seed_and_differ_between_seeds() {
        let a: Vec<_> = (0..3).map(|_| SeededIds::new(7).next_uuid()).collect();
        assert!(a.iter().all(|id| *id == a[0]));
        let mut ids = SeededIds::new(7);
        let (first, second) = (ids.next_uuid(), ids.next_uuid());
        assert_ne!(first, second);
        assert_ne!(SeededIds::new(8).next_uuid(), first);
        assert_eq!(first.get_version_num(), 4);
    }

    #[test]
    fn derived_ids_depend_on_every_part_and_on_where_parts_split() {
        let id = |parts: &[&str]| {
            parts
                .iter()
                .fold(Derive::new("test"), |d, p| d.text(p))
                .finish()
        };
        assert_eq!(id(&["a", "b"]), id(&["a", "b"]));
        assert_ne!(id(&["a", "b"]), id(&["ab"]));
        assert_ne!(id(&["a", "b"]), id(&["b", "a"]));
        assert_ne!(Derive::new("x").finish(), Derive::new("y").finish());
        assert_eq!(id(&[]).get_version_num(), 8);
    }
}
