//! Which change each part of a case comes from: one revision stamp per editable field of
//! [`CaseDetails`] and one per sub-record (offence, hearing, checklist item…), so a merge can
//! tell a field changed on one side from one changed on both. Compact on disk: a case carries a
//! `base` stamp (when it was opened or migrated) and only the stamps that differ from it.

use super::details::{
    AssetOutcome, AssistanceItem, Assurance, AsylumClaim, CaseDetails, ChecklistItem,
    ExternalReference, Hearing, Note, Offence, PersonOutcome, Seizure, Task,
};
use super::hlc::{Frontier, ReplicaId, Stamp, pieces};
use super::ids::RecordId;
use super::name::Name;
use super::vec_map::VecMap;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use uuid::Uuid;

/// The revision state of a whole casebook: every replica's newest stamp it has seen, and the
/// stamps of people, agencies and contacts (one per record, by id).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BookStamps {
    pub seen: Frontier,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub records: BTreeMap<Uuid, Stamp>,
}

impl BookStamps {
    /// The stamp of a person, agency or contact (a migrated one when none was recorded).
    pub fn record(&self, id: Uuid) -> Stamp {
        self.records.get(&id).copied().unwrap_or_default()
    }
}

/// The revision stamps of one case. On disk one short string (see [`CaseStamps::encode`]):
/// a case costs its base stamp plus a few bytes per value changed since it was opened.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CaseStamps {
    /// The stamp of every field and sub-record not listed below.
    pub base: Stamp,
    pub fields: VecMap<CaseField, Stamp>,
    pub records: VecMap<RecordId, Stamp>,
}

impl CaseStamps {
    pub fn new(base: Stamp) -> Self {
        Self {
            base,
            ..Self::default()
        }
    }

    /// When a field (for a list: its membership and order) last changed.
    pub fn field(&self, field: CaseField) -> Stamp {
        self.fields.get(&field).copied().unwrap_or(self.base)
    }

    /// When a sub-record was added or last changed.
    pub fn record(&self, id: RecordId) -> Stamp {
        self.records.get(&id).copied().unwrap_or(self.base)
    }

    /// The newest stamp in the case.
    pub fn latest(&self) -> Stamp {
        self.fields
            .values()
            .chain(self.records.values())
            .copied()
            .fold(self.base, Stamp::max)
    }

    /// `base`, then ` Field=stamp` per field and ` record-id=stamp` per sub-record, each stamp
    /// written relative to the base: milliseconds after it and counter in base 36, and the
    /// replica only when it is not the base's (`1795420800000.0.3287d389 Summary=1a2b.0`).
    pub fn encode(&self) -> String {
        use std::fmt::Write;
        let mut out = self.base.to_string();
        for (field, stamp) in &self.fields {
            let _infallible = write!(out, " {}={}", field.name(), self.relative(*stamp));
        }
        for (id, stamp) in &self.records {
            let _infallible = write!(out, " {}={}", id.0.simple(), self.relative(*stamp));
        }
        out
    }

    fn relative(&self, stamp: Stamp) -> String {
        let delta = stamp.millis - self.base.millis;
        let mut out = if delta < 0 {
            format!("-{}", base36(delta.unsigned_abs()))
        } else {
            base36(delta.unsigned_abs())
        };
        out.push('.');
        out.push_str(&base36(u64::from(stamp.counter)));
        if stamp.replica != self.base.replica {
            out.push_str(&format!(".{:x}", stamp.replica.0));
        }
        out
    }

    /// Reads what [`CaseStamps::encode`] wrote. Every case's stamps are read at open: cut with
    /// `split`, and each key compared with every field's name in turn (a record's id too,
    /// before it was read as one), they took a tenth of the instructions spent reading cases.
    /// Now [`pieces`] cuts them and one `match` finds a field.
    pub fn decode(text: &str) -> Result<Self, String> {
        let bad = || {
            format!(
                "bad revision stamps \"{}\"",
                text.chars().take(60).collect::<String>()
            )
        };
        let mut parts = pieces(text, b' ');
        let base: Stamp = parts.next().ok_or_else(bad)?.parse().map_err(|_| bad())?;
        let mut out = CaseStamps::new(base);
        for part in parts {
            let mut halves = pieces(part, b'=');
            let (Some(key), Some(value), None) = (halves.next(), halves.next(), halves.next())
            else {
                return Err(bad());
            };
            let stamp = out.absolute(value).ok_or_else(bad)?;
            if let Some(field) = CaseField::named(key) {
                out.fields.insert(field, stamp);
            } else {
                let id = uuid::Uuid::try_parse(key).map_err(|_| bad())?;
                out.records.insert(RecordId(id), stamp);
            }
        }
        out.fields.fit();
        out.records.fit();
        Ok(out)
    }

    fn absolute(&self, value: &str) -> Option<Stamp> {
        let mut parts = pieces(value, b'.');
        let delta = parts.next()?;
        let delta = match delta.strip_prefix('-') {
            Some(d) => -i64::try_from(u64::from_str_radix(d, 36).ok()?).ok()?,
            None => i64::try_from(u64::from_str_radix(delta, 36).ok()?).ok()?,
        };
        let counter = u32::from_str_radix(parts.next()?, 36).ok()?;
        let replica = match parts.next() {
            Some(r) => ReplicaId(u32::from_str_radix(r, 16).ok()?),
            None => self.base.replica,
        };
        if parts.next().is_some() {
            return None;
        }
        Some(Stamp {
            millis: self.base.millis.checked_add(delta)?,
            counter,
            replica,
        })
    }

    /// Stamps every field and sub-record that differs between `old` and `new` with `stamp`, and
    /// forgets the stamps of removed sub-records (the list's own stamp records the removal).
    pub fn note_edit(&mut self, old: &CaseDetails, new: &CaseDetails, stamp: Stamp) {
        for &field in CaseField::ALL {
            if !field.same(old, new) {
                self.fields.insert(field, stamp);
            }
            field.visit_records(&mut NoteEdit {
                old,
                new,
                stamp,
                records: &mut self.records,
            });
        }
    }
}

impl Serialize for CaseStamps {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.encode())
    }
}

impl<'de> Deserialize<'de> for CaseStamps {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        CaseStamps::decode(&text).map_err(serde::de::Error::custom)
    }
}

fn base36(mut n: u64) -> String {
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = Vec::new();
    loop {
        out.push(DIGITS[(n % 36) as usize]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

macro_rules! case_fields {
    (
        values { $($v:ident => $vlabel:literal: $($vpath:ident).+ as $show:expr),+ $(,)? }
        records { $($r:ident => $rlabel:literal: $($rpath:ident).+),+ $(,)? }
    ) => {
        /// An editable field of [`CaseDetails`]: the unit a merge compares and a conflict names.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum CaseField { $($v,)+ $($r,)+ }

        impl CaseField {
            pub const ALL: &'static [CaseField] = &[$(CaseField::$v,)+ $(CaseField::$r,)+];

            pub fn label(self) -> &'static str {
                match self { $(CaseField::$v => $vlabel,)+ $(CaseField::$r => $rlabel,)+ }
            }

            /// The name the file's stamps string uses.
            pub fn name(self) -> &'static str {
                match self { $(CaseField::$v => stringify!($v),)+ $(CaseField::$r => stringify!($r),)+ }
            }

            /// The field [`CaseField::name`] gives `name`.
            pub fn named(name: &str) -> Option<Self> {
                match name {
                    $(stringify!($v) => Some(CaseField::$v),)+
                    $(stringify!($r) => Some(CaseField::$r),)+
                    _ => None,
                }
            }

            /// Whether the field holds sub-records merged one by one.
            pub fn has_records(self) -> bool {
                !matches!(self, $(CaseField::$v)|+)
            }

            pub fn same(self, a: &CaseDetails, b: &CaseDetails) -> bool {
                match self {
                    $(CaseField::$v => a.$($vpath).+ == b.$($vpath).+,)+
                    $(CaseField::$r => a.$($rpath).+ == b.$($rpath).+,)+
                }
            }

            /// Copies this field's value from `from` into `to`.
            pub fn copy(self, from: &CaseDetails, to: &mut CaseDetails) {
                match self {
                    $(CaseField::$v => to.$($vpath).+ = from.$($vpath).+.clone(),)+
                    $(CaseField::$r => to.$($rpath).+ = from.$($rpath).+.clone(),)+
                }
            }

            /// The value as an officer reads it, for conflicts and choice events.
            pub fn text(self, d: &CaseDetails) -> String {
                match self {
                    $(CaseField::$v => ($show)(&d.$($vpath).+),)+
                    $(CaseField::$r => d.$($rpath).+.iter().map(SubRecord::text)
                        .collect::<Vec<_>>().join("; "),)+
                }
            }

            /// Calls `visitor` with this field's sub-record list, if it has one.
            pub fn visit_records<V: RecordVisitor>(self, visitor: &mut V) {
                match self {
                    $(CaseField::$v => {})+
                    $(CaseField::$r => visitor.visit(RecordList {
                        field: self,
                        get: |d| &d.$($rpath).+,
                        get_mut: |d| &mut d.$($rpath).+,
                    }),)+
                }
            }
        }
    };
}

fn plain(s: &str) -> String {
    s.to_string()
}
fn shown<T: std::fmt::Display>(v: &T) -> String {
    v.to_string()
}
fn listed<T: std::fmt::Display>(v: &[T]) -> String {
    v.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}
fn date(v: &Option<chrono::NaiveDate>) -> String {
    v.map_or_else(|| "(none)".into(), |d| d.format("%d %b %Y").to_string())
}
fn yes_no(v: &bool) -> String {
    if *v { "yes" } else { "no" }.into()
}
fn parties(v: &[super::details::Party]) -> String {
    listed(
        &v.iter()
            .map(|p| format!("{} ({})", p.person, p.role))
            .collect::<Vec<_>>(),
    )
}
fn links(v: &[super::details::CaseLink]) -> String {
    listed(
        &v.iter()
            .map(|l| format!("{} ({})", l.case, l.kind))
            .collect::<Vec<_>>(),
    )
}

case_fields! {
    values {
        Summary => "Summary": summary as |v: &String| plain(v),
        RequestingState => "Requesting state": requesting_state as shown,
        RequestedState => "Requested state": requested_state as shown,
        RequestingAuthority => "Requesting authority": requesting_authority as |v: &Name| plain(v),
        LegalBasis => "Legal basis": legal_basis as |v: &Vec<_>| listed(v),
        Area => "Programme area": area as shown,
        Parties => "People in the case": parties as |v: &Vec<_>| parties(v),
        Urgency => "Urgency": mla.urgency as shown,
        RequiredBy => "Required by": mla.required_by as date,
        RequiredByReason => "Why by then": mla.required_by_reason as |v: &String| plain(v),
        Marking => "Handling marking": marking as shown,
        Ncnd => "Neither confirm nor deny": ncnd as yes_no,
        Links => "Linked cases": links as |v: &Vec<_>| links(v),
        Tags => "Tags": tags as |v: &Vec<_>| listed(v),
        AssignedOfficer => "Assigned officer": assigned_officer as |v: &Name| plain(v),
        Passport => "Valid passport": workstream.passport as |v: &String| plain(v),
        Biometrics => "Biometrics sent": workstream.biometrics as yes_no,
        ProcessingCondition => "Sensitive-processing condition": workstream.processing_condition as |v: &String| plain(v),
        Agreement => "Agreement": agreement as |v: &Option<super::ids::AgreementId>| v.map_or_else(|| "(none)".into(), |a| a.to_string()),
        ErsDate => "Early Removal Scheme date": workstream.ers_date as date,
        RelevantDate => "Relevant date (conviction or caution)": workstream.relevant_date as date,
        Sentence => "Sentence or caution": workstream.sentence as |v: &Option<super::notification::Sentence>| v.map_or_else(|| "(none)".into(), |s| s.to_string()),
        Under18 => "Under 18 on the relevant date": workstream.under_18 as yes_no,
        Pcl => "Passport Control List": workstream.pcl as |v: &Option<super::notification::PclStatus>| v.map_or_else(|| "(none)".into(), |s| s.to_string()),
    }
    records {
        ExternalReferences => "External references": external_references,
        Offences => "Offences": offences,
        Assistance => "Assistance sought": mla.assistance,
        Checklist => "Document checklist": checklist,
        Assurances => "Assurances": assurances,
        Hearings => "Hearings": hearings,
        Notes => "Notes": notes,
        Tasks => "Tasks": tasks,
        AsylumClaims => "Asylum claims": asylum_claims,
        PersonOutcomes => "Persons surrendered, returned or transferred": outcomes.persons,
        Assets => "Assets": outcomes.assets,
        Seizures => "Seizures": outcomes.seizures,
    }
}

/// A sub-record inside a case, merged by its id.
pub trait SubRecord: Clone + PartialEq + Serialize {
    fn id(&self) -> RecordId;
    fn text(&self) -> String;
}

macro_rules! sub_record {
    ($($t:ty => |$r:ident| $text:expr),+ $(,)?) => {$(
        impl SubRecord for $t {
            fn id(&self) -> RecordId { self.id }
            fn text(&self) -> String { let $r = self; $text }
        }
    )+};
}

sub_record! {
    ExternalReference => |r| format!("{}: {}", r.authority, r.value),
    Offence => |r| format!("{} ({}, {})", r.description, r.statute, r.dual_criminality),
    AssistanceItem => |r| format!("{}: {} ({})", r.kind, r.description, r.progress),
    ChecklistItem => |r| format!("{}: {}", r.label, r.status),
    Assurance => |r| format!("{} assurance{}", r.kind, r.received.map(|d| format!(", received {d}")).unwrap_or_default()),
    Hearing => |r| format!("{} on {} at {}{}", r.kind, r.date.format("%d %b %Y"), r.court,
        if r.outcome.is_empty() { String::new() } else { format!(": {}", r.outcome) }),
    Note => |r| format!("{} ({})", r.text, r.author),
    Task => |r| format!("{}{}", r.text, if r.done { " (done)" } else { "" }),
    AsylumClaim => |r| format!("Asylum claim made {}: {}", r.made.format("%d %b %Y"), r.outcome),
    PersonOutcome => |r| format!("{} on {}", r.kind, r.date.format("%d %b %Y")),
    AssetOutcome => |r| format!("{} {} {} on {}", r.action, r.amount.grouped(), r.currency, r.date.format("%d %b %Y")),
    Seizure => |r| format!("{}: {} {} on {}", r.kind, r.quantity.grouped(), r.unit, r.date.format("%d %b %Y")),
}

/// A list of sub-records inside [`CaseDetails`], reached through plain accessors.
pub struct RecordList<T> {
    pub field: CaseField,
    pub get: fn(&CaseDetails) -> &Vec<T>,
    pub get_mut: fn(&mut CaseDetails) -> &mut Vec<T>,
}

/// An operation over any sub-record list (see [`CaseField::visit_records`]).
pub trait RecordVisitor {
    fn visit<T: SubRecord>(&mut self, list: RecordList<T>);
}

struct NoteEdit<'a> {
    old: &'a CaseDetails,
    new: &'a CaseDetails,
    stamp: Stamp,
    records: &'a mut VecMap<RecordId, Stamp>,
}

impl RecordVisitor for NoteEdit<'_> {
    fn visit<T: SubRecord>(&mut self, list: RecordList<T>) {
        let (old, new) = ((list.get)(self.old), (list.get)(self.new));
        for record in new {
            if !old.iter().any(|o| o == record) {
                self.records.insert(record.id(), self.stamp);
            }
        }
        for record in old {
            if !new.iter().any(|n| n.id() == record.id()) {
                self.records.remove(&record.id());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Country, Hearing, HearingKind, ReplicaId};

    fn stamp(millis: i64) -> Stamp {
        Stamp {
            millis,
            counter: 0,
            replica: ReplicaId(7),
        }
    }

    fn hearing(id: u128, court: &str) -> Hearing {
        Hearing {
            id: RecordId(uuid::Uuid::from_u128(id)),
            date: "2026-11-02".parse().unwrap(),
            kind: HearingKind::Initial,
            court: court.into(),
            outcome: String::new(),
            public: false,
        }
    }

    #[test]
    fn an_edit_stamps_only_the_fields_and_records_it_changes() {
        let mut old = CaseDetails::new(Country::pakistan(), Country::uk());
        old.hearings = vec![hearing(1, "Westminster"), hearing(2, "Lahore")];
        let mut stamps = CaseStamps::new(stamp(1));
        let mut new = old.clone();
        new.summary = "Fraud".into();
        new.hearings[1].court = "Lahore High Court".into();
        new.hearings.push(hearing(3, "Islamabad"));
        stamps.note_edit(&old, &new, stamp(2));
        assert_eq!(stamps.field(CaseField::Summary), stamp(2));
        assert_eq!(stamps.field(CaseField::Hearings), stamp(2));
        assert_eq!(stamps.field(CaseField::Marking), stamp(1));
        assert_eq!(stamps.record(hearing(1, "").id), stamp(1));
        assert_eq!(stamps.record(hearing(2, "").id), stamp(2));
        assert_eq!(stamps.record(hearing(3, "").id), stamp(2));
        // Removing a record forgets its stamp; the list's stamp records the removal.
        let mut fewer = new.clone();
        fewer.hearings.remove(2);
        stamps.note_edit(&new, &fewer, stamp(3));
        assert!(!stamps.records.contains_key(&hearing(3, "").id));
        assert_eq!(stamps.field(CaseField::Hearings), stamp(3));
        assert_eq!(stamps.latest(), stamp(3));
    }

    proptest::proptest! {
        #[test]
        fn any_stamps_read_back_as_written(
            base in (0i64..1 << 45, 0u32..1000, 0u32..4),
            fields in proptest::collection::vec((0..CaseField::ALL.len(), -(1i64 << 40)..1 << 40, 0u32..1 << 20, 0u32..4), 0..6),
            records in proptest::collection::vec((0u128..8, -(1i64 << 40)..1 << 40, 0u32..1 << 20, 0u32..4), 0..6),
        ) {
            let stamp = |millis, counter, replica| Stamp { millis, counter, replica: ReplicaId(replica) };
            let mut stamps = CaseStamps::new(stamp(base.0, base.1, base.2));
            for (field, delta, counter, replica) in fields {
                stamps.fields.insert(CaseField::ALL[field], stamp(base.0 + delta, counter, replica));
            }
            for (id, delta, counter, replica) in records {
                stamps.records.insert(hearing(id, "").id, stamp(base.0 + delta, counter, replica));
            }
            proptest::prop_assert_eq!(CaseStamps::decode(&stamps.encode()), Ok(stamps));
        }
    }

    #[test]
    fn every_field_is_found_by_its_name() {
        for &field in CaseField::ALL {
            assert_eq!(CaseField::named(field.name()), Some(field));
        }
        assert_eq!(CaseField::named("summary"), None);
    }

    #[test]
    fn stamps_are_one_short_string_on_disk_and_read_back_exactly() {
        let mut stamps = CaseStamps::new(stamp(1_000));
        assert_eq!(ron::to_string(&stamps).unwrap(), "\"1000.0.7\"");
        stamps.fields.insert(CaseField::Summary, stamp(1_036));
        let other = Stamp {
            millis: 990,
            counter: 40,
            replica: ReplicaId(0xab),
        };
        stamps.records.insert(hearing(0x10, "").id, other);
        assert_eq!(
            ron::to_string(&stamps).unwrap(),
            "\"1000.0.7 Summary=10.0 00000000000000000000000000000010=-a.14.ab\""
        );
        let back: CaseStamps = ron::from_str(&ron::to_string(&stamps).unwrap()).unwrap();
        assert_eq!(back, stamps);
        for bad in [
            "",
            "1.0",
            "1.0.7 Summary",
            "1.0.7 Nowhere=0.0",
            "1.0.7 Summary=z!.0",
            "1.0.7 Summary=1.0=2",
            "1.0.7  Summary=1.0",
            "1.0.7 Summary=1.0 ",
            "1.0.7 Summary=1.0.7.0",
        ] {
            assert!(CaseStamps::decode(bad).is_err(), "{bad}");
        }
    }
}
