//! The programme's governance records (`../shared/domain.md` §15): the agreements register,
//! meetings with their action points, and the capacity-building log. Plain data with the rules
//! that read them (an agreement's status flow and review dates, an action point's status on a
//! day); changed only through [`super::GovernanceCommand`].

use crate::domain::details::CaseKind;
use crate::domain::ids::CaseId;
pub use crate::domain::ids::{ActionId, ActivityId, AgreementId, MeetingId};
use crate::domain::labels::labelled_enum;
use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fmt;

labelled_enum!(
    /// What kind of instrument an agreement is: the LoI and the returns arrangement are not
    /// treaties.
    AgreementKind {
        Treaty => "Treaty",
        Mou => "MoU",
        Arrangement => "Non-binding arrangement",
    }
);

labelled_enum!(
    /// Where an agreement stands (§15): DRAFTING → NEGOTIATED → SIGNED → IN_FORCE →
    /// UNDER_REVIEW → SUPERSEDED | TERMINATED | LAPSED.
    AgreementStatus {
        Drafting => "Drafting",
        Negotiated => "Negotiated",
        Signed => "Signed",
        InForce => "In force",
        UnderReview => "Under review",
        Superseded => "Superseded",
        Terminated => "Terminated",
        Lapsed => "Lapsed",
    }
);

impl AgreementStatus {
    /// The statuses an agreement may move to from this one. A review ends with the agreement
    /// in force again or at an end; a text not yet signed may lapse.
    pub fn next(self) -> &'static [AgreementStatus] {
        use AgreementStatus::*;
        match self {
            Drafting => &[Negotiated, Lapsed],
            Negotiated => &[Signed, Drafting, Lapsed],
            Signed => &[InForce, Lapsed],
            InForce => &[UnderReview, Superseded, Terminated, Lapsed],
            UnderReview => &[InForce, Superseded, Terminated, Lapsed],
            Superseded | Terminated | Lapsed => &[],
        }
    }

    pub fn is_ended(self) -> bool {
        self.next().is_empty()
    }

    /// The status as typed: its label or its code (`IN_FORCE`, `in-force`), any case.
    pub fn parse(text: &str) -> Option<Self> {
        parse_labelled(Self::ALL, text, Self::label)
    }
}

/// One move of an agreement's status.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusChange {
    pub on: NaiveDate,
    pub from: AgreementStatus,
    pub to: AgreementStatus,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// Someone an agreement names as its point of contact.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FocalPoint {
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub agency: String,
}

impl FocalPoint {
    /// "Name (Agency)", or a name alone.
    pub fn parse(typed: &str) -> Self {
        let typed = typed.trim();
        match typed.strip_suffix(')').and_then(|t| t.rsplit_once(" (")) {
            Some((name, agency)) => FocalPoint {
                name: name.trim().to_string(),
                agency: agency.trim().to_string(),
            },
            None => FocalPoint {
                name: typed.to_string(),
                agency: String::new(),
            },
        }
    }
}

impl fmt::Display for FocalPoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.agency.is_empty() {
            true => f.write_str(&self.name),
            false => write!(f, "{} ({})", self.name, self.agency),
        }
    }
}

/// An entry in the agreements register.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Agreement {
    pub id: AgreementId,
    pub title: String,
    pub kind: AgreementKind,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parties: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub signatories: Vec<String>,
    /// Where it stands; moved only by [`super::GovernanceCommand::MoveAgreement`].
    pub status: AgreementStatus,
    /// Every move since it was entered, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<StatusChange>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signed: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_force: Option<NaiveDate>,
    /// Months between reviews (12: annual), counted from the day it was signed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review_months: Option<u32>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub focal_points: Vec<FocalPoint>,
    /// The documents' references (file names, registry numbers).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub documents: Vec<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

impl Agreement {
    /// A new agreement at `status`, with nothing else recorded.
    pub fn new(id: AgreementId, title: &str, kind: AgreementKind, status: AgreementStatus) -> Self {
        Self {
            id,
            title: title.trim().to_string(),
            kind,
            parties: Vec::new(),
            signatories: Vec::new(),
            status,
            changes: Vec::new(),
            signed: None,
            in_force: None,
            review_months: None,
            focal_points: Vec::new(),
            documents: Vec::new(),
            note: String::new(),
        }
    }

    /// The days its reviews fall due, in order, from the first after it was signed (or came
    /// into force) up to `until`; none without a cadence, once it has ended, or before it is
    /// signed. Counted from the anchor each time, so 31 May stays 31 May (and 29 Feb falls on
    /// 28 Feb in other years).
    pub fn reviews_until(&self, until: NaiveDate) -> Vec<NaiveDate> {
        let (Some(months), Some(anchor)) = (self.review_months, self.signed.or(self.in_force))
        else {
            return Vec::new();
        };
        if self.status.is_ended() || months == 0 {
            return Vec::new();
        }
        (1..)
            .map_while(|k: u32| anchor.checked_add_months(Months::new(months.checked_mul(k)?)))
            .take_while(|d| *d <= until)
            .collect()
    }

    /// The next review on or after `today`, if one falls due.
    pub fn next_review(&self, today: NaiveDate) -> Option<NaiveDate> {
        let months = self.review_months?;
        let horizon = today.checked_add_months(Months::new(months))?;
        self.reviews_until(horizon)
            .into_iter()
            .find(|d| *d >= today)
    }

    /// The status moves made within `from..=to`.
    pub fn changes_between(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> impl Iterator<Item = &StatusChange> {
        self.changes
            .iter()
            .filter(move |c| from <= c.on && c.on <= to)
    }
}

labelled_enum!(
    /// The meetings that govern the programme, and any other.
    MeetingKind {
        JointSteeringCommittee => "JSC annual review",
        MonthlyReview => "UPSCALE monthly review",
        LawEnforcementDialogue => "US–PK Law Enforcement Dialogue",
        AdHoc => "Ad hoc",
    }
);

impl MeetingKind {
    /// When the next one falls after one held on `date`: a month after a monthly review, a
    /// year after the committee's annual review; none set for others.
    pub fn next_after(self, date: NaiveDate) -> Option<NaiveDate> {
        match self {
            MeetingKind::MonthlyReview => date.checked_add_months(Months::new(1)),
            MeetingKind::JointSteeringCommittee => date.checked_add_months(Months::new(12)),
            _ => None,
        }
    }

    /// As typed: its label, or `jsc`, `monthly`, `dialogue`, `adhoc`.
    pub fn parse(text: &str) -> Option<Self> {
        let key = squash(text);
        match key.as_str() {
            "jsc" | "committee" | "steeringcommittee" => Some(MeetingKind::JointSteeringCommittee),
            "monthly" | "upscale" | "monthlyreview" => Some(MeetingKind::MonthlyReview),
            "dialogue" | "lawenforcementdialogue" | "uspk" => {
                Some(MeetingKind::LawEnforcementDialogue)
            }
            _ => parse_labelled(Self::ALL, text, Self::label),
        }
    }
}

/// Who came from one agency.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attendance {
    pub agency: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub people: Vec<String>,
}

impl Attendance {
    /// "Agency: name, name", or an agency alone.
    pub fn parse(typed: &str) -> Self {
        match typed.split_once(':') {
            Some((agency, people)) => Attendance {
                agency: agency.trim().to_string(),
                people: people
                    .split(',')
                    .map(str::trim)
                    .filter(|p| !p.is_empty())
                    .map(str::to_string)
                    .collect(),
            },
            None => Attendance {
                agency: typed.trim().to_string(),
                people: Vec::new(),
            },
        }
    }
}

impl fmt::Display for Attendance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.people.is_empty() {
            true => f.write_str(&self.agency),
            false => write!(f, "{}: {}", self.agency, self.people.join(", ")),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meeting {
    pub id: MeetingId,
    pub kind: MeetingKind,
    pub date: NaiveDate,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub chair: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attendees: Vec<Attendance>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub decisions: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub documents: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_meeting: Option<NaiveDate>,
}

impl Meeting {
    /// A meeting of `kind` on `date`, its next one set by its kind.
    pub fn new(id: MeetingId, kind: MeetingKind, date: NaiveDate) -> Self {
        Self {
            id,
            kind,
            date,
            chair: String::new(),
            attendees: Vec::new(),
            decisions: Vec::new(),
            documents: Vec::new(),
            next_meeting: kind.next_after(date),
        }
    }

    /// "UPSCALE monthly review, 02 Jun 2025".
    pub fn title(&self) -> String {
        format!("{}, {}", self.kind, self.date.format("%d %b %Y"))
    }
}

labelled_enum!(
    /// Where an action point stands; overdue is worked out, never recorded.
    ActionStatus {
        Open => "Open",
        InProgress => "In progress",
        Done => "Done",
        Dropped => "Dropped",
    }
);

impl ActionStatus {
    pub fn is_closed(self) -> bool {
        matches!(self, ActionStatus::Done | ActionStatus::Dropped)
    }

    pub fn parse(text: &str) -> Option<Self> {
        parse_labelled(Self::ALL, text, Self::label)
    }
}

/// What happened to an action point on a day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionUpdate {
    pub on: NaiveDate,
    pub status: ActionStatus,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionPoint {
    pub id: ActionId,
    /// "AP-2025-003", unique in the casebook.
    pub number: String,
    pub text: String,
    /// The meeting that raised it, if one did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meeting: Option<MeetingId>,
    pub raised: NaiveDate,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub owner: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub owner_agency: String,
    pub due: NaiveDate,
    /// Where it stands; moved only by [`super::GovernanceCommand::UpdateAction`].
    pub status: ActionStatus,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub updates: Vec<ActionUpdate>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cases: Vec<CaseId>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub agreements: Vec<AgreementId>,
}

impl ActionPoint {
    /// Its status at the end of `day`: the last update made by then, open before any.
    pub fn status_on(&self, day: NaiveDate) -> ActionStatus {
        self.updates
            .iter()
            .filter(|u| u.on <= day)
            .max_by_key(|u| u.on)
            .map_or(ActionStatus::Open, |u| u.status)
    }

    /// The day it was closed (done or dropped), while it stays closed.
    pub fn closed_on(&self) -> Option<NaiveDate> {
        if !self.status.is_closed() {
            return None;
        }
        self.updates
            .iter()
            .rev()
            .find(|u| u.status == self.status)
            .map(|u| u.on)
    }

    /// Whether it is overdue on `day`: raised by then, not closed by the end of it, and due
    /// before it (one due on `day` is due today, not overdue).
    pub fn is_overdue_on(&self, day: NaiveDate) -> bool {
        self.raised <= day && self.due < day && !self.status_on(day).is_closed()
    }
}

labelled_enum!(
    /// The forms of cooperation the LoI lists.
    ActivityKind {
        KnowledgeExchange => "Information and knowledge exchange",
        ExpertExchange => "Expert exchange",
        FieldTrip => "Field trip",
        Training => "Staff training",
        JointProject => "Joint project",
        Conference => "Conference",
        Workshop => "Workshop",
        Equipment => "Equipment",
    }
);

impl ActivityKind {
    /// As typed: its label, or one word of it (`training`, `equipment`, `workshop`).
    pub fn parse(text: &str) -> Option<Self> {
        let key = squash(text);
        Self::ALL
            .iter()
            .copied()
            .find(|k| {
                let label = squash(k.label());
                label == key || (key.len() >= 4 && label.contains(&key))
            })
            .or_else(|| parse_labelled(Self::ALL, text, Self::label))
    }
}

/// An amount in a currency, in hundredths (pence, paisa, cents).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Money {
    pub hundredths: u64,
    /// ISO 4217 code: GBP, PKR, USD.
    pub currency: String,
}

impl Money {
    /// "12500", "12,500.50" in `currency` (three letters); why not, otherwise.
    pub fn parse(amount: &str, currency: &str) -> Result<Money, String> {
        let currency = currency.trim().to_ascii_uppercase();
        if currency.len() != 3 || !currency.chars().all(|c| c.is_ascii_alphabetic()) {
            return Err(format!(
                "\u{201c}{currency}\u{201d} is not a currency code: write three letters, for example GBP"
            ));
        }
        let text: String = amount.trim().chars().filter(|c| *c != ',').collect();
        let (whole, part) = text.split_once('.').unwrap_or((&text, ""));
        let bad = || {
            format!(
                "\u{201c}{}\u{201d} is not an amount: write it as 12500 or 12500.50",
                amount.trim()
            )
        };
        if whole.is_empty()
            || part.len() > 2
            || !(whole.chars().chain(part.chars())).all(|c| c.is_ascii_digit())
        {
            return Err(bad());
        }
        let whole: u64 = whole.parse().map_err(|_| bad())?;
        let part: u64 = format!("{part:0<2}").parse().map_err(|_| bad())?;
        let hundredths = whole
            .checked_mul(100)
            .and_then(|w| w.checked_add(part))
            .ok_or_else(bad)?;
        Ok(Money {
            hundredths,
            currency,
        })
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}.{:02}",
            self.currency,
            grouped(self.hundredths / 100),
            self.hundredths % 100
        )
    }
}

/// 1234567 → "1,234,567".
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// An entry in the capacity-building log.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Activity {
    pub id: ActivityId,
    pub kind: ActivityKind,
    pub title: String,
    pub start: NaiveDate,
    /// The last day, for an activity of more than one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub place: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub provider: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub beneficiary: String,
    #[serde(default)]
    pub participants: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workstream: Option<CaseKind>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Money>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agreement: Option<AgreementId>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub outcome: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub follow_up: String,
}

impl Activity {
    pub fn new(id: ActivityId, kind: ActivityKind, title: &str, start: NaiveDate) -> Self {
        Self {
            id,
            kind,
            title: title.trim().to_string(),
            start,
            end: None,
            place: String::new(),
            provider: String::new(),
            beneficiary: String::new(),
            participants: 0,
            workstream: None,
            value: None,
            agreement: None,
            outcome: String::new(),
            follow_up: String::new(),
        }
    }
}

/// Letters and digits only, in lower case: "In force", "IN_FORCE" and "in-force" read alike.
fn squash(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn parse_labelled<T: Copy + fmt::Debug>(
    all: &[T],
    text: &str,
    label: fn(T) -> &'static str,
) -> Option<T> {
    let key = squash(text);
    all.iter()
        .copied()
        .find(|v| squash(label(*v)) == key || squash(&format!("{v:?}")) == key)
}
