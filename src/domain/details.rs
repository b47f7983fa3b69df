//! What a case carries (`docs/law.md` §5): the editable particulars of a case — its kind and
//! direction, parties, offences, hearings, checklist, links — as plain data. Revision stamps
//! (`stamps.rs`) compare them field by field; a [`super::case::Case`] holds them.

use super::ids::{AgreementId, CaseId, PersonId, RecordId};
use super::labels::labelled_enum;
use super::name::Name;
pub use super::outcomes::{
    AssetAction, AssetOutcome, Currency, Decimal, Outcomes, PersonOutcome, PersonOutcomeKind,
    Seizure, SeizureKind,
};
use super::vec_map::fit;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

labelled_enum!(
    /// Extradition or mutual legal assistance.
    CaseKind {
        Extradition => "Extradition",
        Mla => "MLA",
        Returns => "Returns",
        ConvictionData => "Conviction data",
        ServiceProvider => "Service provider",
        PoliceEnquiry => "Police enquiry",
        OffenderAlert => "Offender alert",
    }
);

labelled_enum!(
    /// Seen from the officer's home country: a request received, or a request made.
    Direction { Incoming => "Incoming", Outgoing => "Outgoing" }
);

labelled_enum!(
    /// Programme areas of the UK–Pakistan cooperation programme (`docs/law.md` §5).
    ProgrammeArea {
        IllegalMigration => "Illegal migration and organised immigration crime",
        Narcotics => "Narcotics",
        IllicitFinance => "Illicit finance and asset recovery",
        OnlineChildExploitation => "Online child exploitation",
        CounterTerrorism => "Counter-terrorism",
        HumanTrafficking => "Human trafficking",
        SeriousViolence => "Serious violence",
        FraudCorruption => "Fraud and corruption",
        Other => "Other",
    }
);

labelled_enum!(
    /// The legal basis a request rests on (`docs/law.md` §1, §5).
    LegalBasis {
        SpecialArrangement => "Special extradition arrangement (EA 2003 s.194)",
        PakistanDirection => "Federal Government direction (PK Extradition Act 1972 s.4)",
        Untoc => "UN Convention against Transnational Organized Crime",
        Uncac => "UN Convention against Corruption",
        Vienna1988 => "1988 UN Drug Trafficking Convention",
        WrittenReciprocity => "Written reciprocity (PK MLA Act 2020)",
        Cica => "Crime (International Co-operation) Act 2003",
        PrisonerTransfer => "Prisoner transfer agreement",
        ReturnsArrangement => "2022 returns arrangement",
        PoliceToPolice => "Police-to-police cooperation",
    }
);

labelled_enum!(
    /// Roles a person plays in a case.
    Role {
        RequestedPerson => "Requested person",
        Suspect => "Suspect",
        Witness => "Witness",
        Victim => "Victim",
        AccountHolder => "Account holder",
        Prisoner => "Prisoner",
    }
);

labelled_enum!(
    /// UK Government Security Classifications marking; decides what an export may show.
    HandlingMarking {
        Official => "OFFICIAL",
        OfficialSensitive => "OFFICIAL-SENSITIVE",
        Secret => "SECRET",
    }
);

labelled_enum!(
    /// Dual-criminality assessment of an offence.
    DualCriminality {
        NotAssessed => "Not assessed",
        Satisfied => "Satisfied",
        NotSatisfied => "Not satisfied",
        Unclear => "Unclear",
    }
);

labelled_enum!(
    /// Whether the death penalty is available for an offence in the requesting state.
    DeathPenalty { NotAssessed => "Not assessed", Available => "Available", NotAvailable => "Not available" }
);

labelled_enum!(
    /// Types of assistance (`docs/law.md` §4C).
    AssistanceType {
        ServiceOfDocuments => "Service of documents",
        WitnessStatement => "Witness statement",
        VideoLinkTestimony => "Video-link testimony",
        SearchAndSeizure => "Search and seizure",
        BankingRecords => "Banking records",
        TelecomsData => "Telecoms data",
        PreservationOfData => "Preservation of electronic data",
        ProductionOrder => "Production order",
        RestraintOrFreezing => "Restraint or freezing",
        Confiscation => "Confiscation",
        CivilRecovery => "Civil recovery",
        TemporaryPrisonerTransfer => "Temporary prisoner transfer",
        LocatingPerson => "Locating or identifying a person",
        CriminalRecordCheck => "Criminal record check",
        Other => "Other",
    }
);

impl AssistanceType {
    /// Coercive measures need dual criminality (`docs/law.md` §4C, IN_REVIEW).
    pub fn is_coercive(self) -> bool {
        matches!(
            self,
            AssistanceType::SearchAndSeizure
                | AssistanceType::BankingRecords
                | AssistanceType::ProductionOrder
                | AssistanceType::RestraintOrFreezing
                | AssistanceType::Confiscation
                | AssistanceType::CivilRecovery
        )
    }
}

labelled_enum!(
    /// Progress of one item of assistance.
    AssistanceProgress { Pending => "Pending", InProgress => "In progress", Delivered => "Delivered", Refused => "Refused" }
);

labelled_enum!(
    /// Urgency of an MLA request (`docs/law.md` §4C).
    Urgency {
        Routine => "Routine",
        Priority => "Priority",
        Urgent => "Urgent",
        Immediate => "Immediate",
    }
);

labelled_enum!(
    /// Status of a document on the checklist.
    DocumentStatus {
        Missing => "Missing",
        Requested => "Requested",
        Received => "Received",
        Verified => "Verified",
        Deficient => "Deficient",
        NotApplicable => "Not applicable",
    }
);

impl DocumentStatus {
    /// Whether the item no longer blocks a gated transition.
    pub fn is_satisfied(self) -> bool {
        matches!(
            self,
            DocumentStatus::Received | DocumentStatus::Verified | DocumentStatus::NotApplicable
        )
    }
}

labelled_enum!(
    /// Assurances the requesting state gives (`docs/law.md` §4A: s.94 death penalty,
    /// s.95 speciality).
    AssuranceKind {
        DeathPenalty => "Death penalty",
        Speciality => "Speciality",
        FairTrial => "Fair trial",
        UseLimitation => "Use limitation",
    }
);

labelled_enum!(
    /// Kinds of hearing.
    HearingKind {
        Initial => "Initial hearing",
        Extradition => "Extradition hearing",
        Bail => "Bail",
        Appeal => "Appeal",
        Inquiry => "Inquiry (Pakistan)",
        Writ => "Writ petition",
        Other => "Other",
    }
);

labelled_enum!(
    /// Where an asylum claim stands (`docs/law.md` §4A, EA 2003 s.121).
    AsylumOutcome {
        Pending => "Pending",
        Granted => "Granted",
        Refused => "Refused, finally determined",
        Withdrawn => "Withdrawn",
    }
);

labelled_enum!(
    /// How two cases are linked (`docs/law.md` §5).
    LinkKind {
        SameSubject => "Same subject",
        EvidenceForExtradition => "Evidence for extradition",
        AlternativeRemoval => "Alternative removal",
        PrisonerTransfer => "Prisoner transfer",
        Related => "Related",
    }
);

labelled_enum!(
    /// Whose reference an external reference is.
    ReferenceAuthority {
        UkcaMli => "UKCA (MLI)",
        UkcaMlo => "UKCA (MLO)",
        HomeOffice => "Home Office",
        Cps => "CPS",
        Nca => "NCA",
        MinistryOfInterior => "Ministry of Interior",
        Fia => "FIA",
        Court => "Court",
        Interpol => "INTERPOL notice",
        Other => "Other",
    }
);

/// A country as a name; the two programme countries are the common case.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Country(pub Name);

impl Country {
    pub fn uk() -> Self {
        Country("United Kingdom".into())
    }
    pub fn pakistan() -> Self {
        Country("Pakistan".into())
    }
}

impl fmt::Display for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Party {
    pub person: PersonId,
    pub role: Role,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Offence {
    pub id: RecordId,
    #[serde(default, skip_serializing_if = "str::is_empty")]
    pub description: Name,
    pub area: ProgrammeArea,
    /// e.g. "PPC s.302", "Misuse of Drugs Act 1971 s.4(3)".
    #[serde(default, skip_serializing_if = "str::is_empty")]
    pub statute: Name,
    /// The wording of that provision, as the letter of request quotes it (`docs/drafting.md`
    /// §2); several lines. Absent from files written before it was kept.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub law_text: String,
    #[serde(default, skip_serializing_if = "str::is_empty")]
    pub max_penalty: Name,
    pub death_penalty: DeathPenalty,
    #[serde(default, skip_serializing_if = "str::is_empty")]
    pub equivalent_offence: Name,
    pub dual_criminality: DualCriminality,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExternalReference {
    pub id: RecordId,
    pub authority: ReferenceAuthority,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub value: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssistanceItem {
    pub id: RecordId,
    pub kind: AssistanceType,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    pub progress: AssistanceProgress,
}

/// What the other workstreams' gates and clocks read from a case (`../shared/domain.md`
/// §§8–12), beyond what every case carries.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkstreamParticulars {
    /// Returns: the valid passport held (number and expiry), as the officer recorded it; with
    /// an emergency travel document issued, it lets removal be scheduled (SOP para 2).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub passport: String,
    /// Conviction data: fingerprints or other biometrics go with the request.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub biometrics: bool,
    /// Conviction data: the Schedule 8 condition for sensitive processing (DPA 2018 s.35).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub processing_condition: String,
    /// Returns: the Early Removal Scheme date the prison gave (CJA 2003 s.260): information.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::iso::option_date"
    )]
    pub ers_date: Option<NaiveDate>,
    /// Offender alerts: the relevant date of the notification period (conviction or caution;
    /// SOA 2003 s.82).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::iso::option_date"
    )]
    pub relevant_date: Option<NaiveDate>,
    /// Offender alerts: the sentence or caution given then (a row of the s.82 table).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sentence: Option<super::notification::Sentence>,
    /// Offender alerts: under 18 on the relevant date (s.82(2) halves the period).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub under_18: bool,
    /// Offender alerts: the offender's Passport Control List listing in Pakistan, which for
    /// sex offenders is only proposed (§12): a status with no clock.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pcl: Option<super::notification::PclStatus>,
}

impl WorkstreamParticulars {
    /// Nothing recorded (every extradition and MLA case): left out of the file.
    pub fn is_blank(&self) -> bool {
        *self == Self::default()
    }
}

/// MLA-only particulars: what is sought, how urgently, by when and why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MlaParticulars {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assistance: Vec<AssistanceItem>,
    pub urgency: Urgency,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::iso::option_date"
    )]
    pub required_by: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub required_by_reason: String,
}

impl MlaParticulars {
    /// Nothing recorded (every extradition case): left out of the file.
    pub fn is_blank(&self) -> bool {
        *self == Self::default()
    }
}

impl Default for MlaParticulars {
    fn default() -> Self {
        Self {
            assistance: Vec::new(),
            urgency: Urgency::Routine,
            required_by: None,
            required_by_reason: String::new(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChecklistItem {
    pub id: RecordId,
    #[serde(default, skip_serializing_if = "str::is_empty")]
    pub label: Name,
    /// Required items block gated transitions until satisfied.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub required: bool,
    pub status: DocumentStatus,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Assurance {
    pub id: RecordId,
    pub kind: AssuranceKind,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::iso::option_date"
    )]
    pub requested: Option<NaiveDate>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::iso::option_date"
    )]
    pub received: Option<NaiveDate>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::iso::option_date"
    )]
    pub accepted: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Hearing {
    pub id: RecordId,
    #[serde(deserialize_with = "super::iso::date")]
    pub date: NaiveDate,
    pub kind: HearingKind,
    #[serde(default, skip_serializing_if = "str::is_empty")]
    pub court: Name,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub outcome: String,
    /// Held in open court: a partner export may show it (absent in older files: not public).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub public: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseLink {
    pub case: CaseId,
    pub kind: LinkKind,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Note {
    pub id: RecordId,
    #[serde(deserialize_with = "super::iso::date")]
    pub written: NaiveDate,
    #[serde(default, skip_serializing_if = "str::is_empty")]
    pub author: Name,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Task {
    pub id: RecordId,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub text: String,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::iso::option_date"
    )]
    pub due: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub done: bool,
    /// Who the task is for; the case's assigned officer when empty (and in older files).
    #[serde(default, skip_serializing_if = "str::is_empty")]
    pub assignee: Name,
}

impl Task {
    /// Who the task is for: its assignee, or else the case's officer.
    pub fn for_whom<'a>(&'a self, details: &'a CaseDetails) -> &'a str {
        if self.assignee.trim().is_empty() {
            &details.assigned_officer
        } else {
            &self.assignee
        }
    }
}

/// An asylum claim made by the requested person. While one is pending the person must not be
/// surrendered (EA 2003 s.121; `docs/law.md` §4A): it blocks SURRENDERED.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AsylumClaim {
    pub id: RecordId,
    /// The day the claim was made.
    #[serde(deserialize_with = "super::iso::date")]
    pub made: NaiveDate,
    pub outcome: AsylumOutcome,
    /// The day it was finally determined or withdrawn.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::iso::option_date"
    )]
    pub decided: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

impl AsylumClaim {
    pub fn is_pending(&self) -> bool {
        self.outcome == AsylumOutcome::Pending
    }
}

/// Everything about a case that an officer edits freely. Edits replace it as a whole through
/// [`crate::domain::Command::UpdateCase`], so undo and merge see one change.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseDetails {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub summary: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub external_references: Vec<ExternalReference>,
    pub requesting_state: Country,
    pub requested_state: Country,
    /// The authority that makes the request (e.g. "Ministry of Interior", "CPS").
    #[serde(default, skip_serializing_if = "str::is_empty")]
    pub requesting_authority: Name,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub legal_basis: Vec<LegalBasis>,
    pub area: ProgrammeArea,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parties: Vec<Party>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub offences: Vec<Offence>,
    #[serde(default, skip_serializing_if = "MlaParticulars::is_blank")]
    pub mla: MlaParticulars,
    pub marking: HandlingMarking,
    /// Neither confirm nor deny: the case's existence is not disclosed outside.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub ncnd: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checklist: Vec<ChecklistItem>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assurances: Vec<Assurance>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hearings: Vec<Hearing>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<CaseLink>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Note>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tasks: Vec<Task>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Name>,
    #[serde(default, skip_serializing_if = "str::is_empty")]
    pub assigned_officer: Name,
    /// Absent in older files: none recorded.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub asylum_claims: Vec<AsylumClaim>,
    #[serde(default, skip_serializing_if = "WorkstreamParticulars::is_blank")]
    pub workstream: WorkstreamParticulars,
    /// What came of the case (`outcomes.rs`); absent in older files: none recorded.
    #[serde(default, skip_serializing_if = "Outcomes::is_blank")]
    pub outcomes: Outcomes,
    /// The agreement in the register the request rests on (schema 5; none before).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agreement: Option<AgreementId>,
}

impl CaseDetails {
    /// A blank case between `requesting` and `requested` states.
    pub fn new(requesting_state: Country, requested_state: Country) -> Self {
        Self {
            summary: String::new(),
            external_references: Vec::new(),
            requesting_state,
            requested_state,
            requesting_authority: Name::default(),
            legal_basis: Vec::new(),
            area: ProgrammeArea::Other,
            parties: Vec::new(),
            offences: Vec::new(),
            mla: MlaParticulars::default(),
            marking: HandlingMarking::OfficialSensitive,
            ncnd: false,
            checklist: Vec::new(),
            assurances: Vec::new(),
            hearings: Vec::new(),
            links: Vec::new(),
            notes: Vec::new(),
            tasks: Vec::new(),
            tags: Vec::new(),
            assigned_officer: Name::default(),
            asylum_claims: Vec::new(),
            workstream: WorkstreamParticulars::default(),
            outcomes: Outcomes::default(),
            agreement: None,
        }
    }

    /// Gives its lists exactly the room they need ([`fit`]).
    pub fn fit(&mut self) {
        // Every field named, so a new list cannot be missed.
        let Self {
            summary: _,
            external_references,
            requesting_state: _,
            requested_state: _,
            requesting_authority: _,
            legal_basis,
            area: _,
            parties,
            offences,
            mla,
            marking: _,
            ncnd: _,
            checklist,
            assurances,
            hearings,
            links,
            notes,
            tasks,
            tags,
            assigned_officer: _,
            asylum_claims,
            workstream: _,
            outcomes,
            agreement: _,
        } = self;
        fit(external_references);
        fit(legal_basis);
        fit(parties);
        fit(offences);
        fit(&mut mla.assistance);
        fit(checklist);
        fit(assurances);
        fit(hearings);
        fit(links);
        fit(notes);
        fit(tasks);
        fit(tags);
        fit(asylum_claims);
        fit(&mut outcomes.persons);
        fit(&mut outcomes.assets);
        fit(&mut outcomes.seizures);
    }

    /// The people in the role of requested person or suspect: the case's subjects.
    pub fn subjects(&self) -> impl Iterator<Item = PersonId> + '_ {
        self.parties
            .iter()
            .filter(|p| matches!(p.role, Role::RequestedPerson | Role::Suspect))
            .map(|p| p.person)
    }
}
