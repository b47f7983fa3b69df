//! The casebook: cases, people, agencies, contacts and settings, changed only by [`Command`]s
//! through [`Casebook::apply`], the one path the window, the command line, undo and merge share.

use super::attachment::{self, AttachmentError, NewAttachment};
use super::case::{
    Case, CaseDetails, CaseKind, ChecklistItem, Country, Direction, DocumentStatus,
    reference_prefix, workflow_of,
};
use super::changes::{Change, EditedRecord, Names, RecordKind, changes_of, details_changes};
use super::clock::{Clock, ClockKey};
use super::dates::{self, DateKind, DateOrder};
use super::event::DetailValue;
use super::event::{Event, EventKind, ExportProfile};
use super::governance::{Governance, GovernanceCommand, GovernanceError, GovernanceRecord};
use super::hlc::{InstallationId, ReplicaId};
use super::holidays::{HolidayCalendars, HolidayError, Region, WorkingDays};
use super::ids::{AgencyId, CaseId, ContactId, EventId, IdSource, PersonId, RecordId};
use super::person::{Agency, Contact, Person};
use super::stamps::{BookStamps, CaseStamps};
use super::transition::{CorrectionError, Recorder, TransitionError, TransitionRequest};
use super::validate::{Known, Problem, checklist_problems, validate_details, validate_person};
use super::workflow::Detail;
use super::workflow::{Status, Workflow};
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};
// Hashed with foldhash, randomly seeded: SipHash was nearly half the instructions of indexing
// a casebook at open (callgrind), and a file crafted without the seed does not flood it.
use foldhash::HashMap;
use uuid::Uuid;

/// Who uses this casebook and how.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    pub officer_name: String,
    pub officer_agency: String,
    pub home_country: Country,
    pub partner_country: Country,
    pub date_order: DateOrder,
    /// A sample casebook made by the demo generator: labelled as sample data wherever shown.
    pub sample: bool,
    /// The team folder (a network share, a synced folder, a USB stick): each save also writes
    /// this officer's copy there, and the colleagues' copies in it are offered for merging.
    /// Absent in files from before team folders.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team_folder: Option<std::path::PathBuf>,
    /// The holiday calendars working days are counted with, once the officer has edited them
    /// or chosen another United Kingdom calendar; the built-in ones until then (and in files
    /// from before calendars).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub holidays: Option<HolidayCalendars>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            officer_name: String::new(),
            officer_agency: String::new(),
            home_country: Country::uk(),
            partner_country: Country::pakistan(),
            date_order: DateOrder::DayMonth,
            sample: false,
            team_folder: None,
            holidays: None,
        }
    }
}

impl Settings {
    /// The calendars this casebook counts working days with.
    pub fn holidays(&self) -> &HolidayCalendars {
        static BUILT_IN: std::sync::OnceLock<HolidayCalendars> = std::sync::OnceLock::new();
        self.holidays
            .as_ref()
            .unwrap_or_else(|| BUILT_IN.get_or_init(HolidayCalendars::built_in))
    }

    /// What this casebook's clocks count working days with: its calendars, its own side's
    /// being the home country's (none kept for a country other than these two).
    pub fn working_days(&self) -> WorkingDays<'_> {
        let calendars = self.holidays();
        let home = if self.home_country == Country::uk() {
            Some(calendars.uk_region)
        } else if self.home_country == Country::pakistan() {
            Some(Region::Pakistan)
        } else {
            None
        };
        WorkingDays { calendars, home }
    }

    /// Whether `other` counts working days as these do: every clock stays as it is.
    pub fn same_working_days(&self, other: &Settings) -> bool {
        let (mine, theirs) = (self.working_days(), other.working_days());
        mine.calendars == theirs.calendars && mine.home == theirs.home
    }

    /// Why these settings cannot share into their team folder, if they cannot: one writer per
    /// file, so each officer's copy there is named after its officer, and settings with a team
    /// folder need the officer's name.
    pub fn team_folder_problem(&self) -> Option<CommandError> {
        (self.team_folder.is_some() && self.officer_name.trim().is_empty())
            .then_some(CommandError::TeamFolderNeedsOfficer)
    }

    /// These settings with `name` and `agency` as their officer, if that changes them: who
    /// works on this computer records every event and names its team copy (`store::Officer`).
    pub fn for_officer(&self, name: &str, agency: &str) -> Option<Settings> {
        let (name, agency) = (name.trim(), agency.trim());
        (self.officer_name != name || self.officer_agency != agency).then(|| Settings {
            officer_name: name.to_string(),
            officer_agency: agency.to_string(),
            ..self.clone()
        })
    }

    /// The details a new case starts with: an incoming request comes from the partner country
    /// to the home country, an outgoing one the other way; the officer takes it on.
    pub fn new_case_details(&self, direction: Direction) -> CaseDetails {
        let (requesting, requested) = match direction {
            Direction::Incoming => (self.partner_country.clone(), self.home_country.clone()),
            Direction::Outgoing => (self.home_country.clone(), self.partner_country.clone()),
        };
        let mut details = CaseDetails::new(requesting, requested);
        details.assigned_officer = self.officer_name.as_str().into();
        details
    }
}

/// An edit to the casebook. Every change goes through one of these. Serialized as the store's
/// journal keeps it (a merge there in the casebook file's own form of a case).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Command {
    /// Opens a new case in its workflow's first state; the reference is assigned.
    OpenCase {
        id: CaseId,
        kind: CaseKind,
        direction: Direction,
        opened: NaiveDate,
        details: Box<CaseDetails>,
    },
    /// Removes a case opened by mistake, while nothing has happened to it (undo of `OpenCase`).
    DiscardCase {
        case: CaseId,
    },
    UpdateCase {
        case: CaseId,
        details: Box<CaseDetails>,
    },
    Transition {
        case: CaseId,
        request: Box<TransitionRequest>,
    },
    Correct {
        case: CaseId,
        event: EventId,
        reason: String,
    },
    ExtendClock {
        case: CaseId,
        clock: ClockKey,
        started_by: EventId,
        new_due: NaiveDate,
        reason: String,
    },
    MeetClock {
        case: CaseId,
        clock: ClockKey,
        started_by: EventId,
        on: NaiveDate,
        note: String,
    },
    /// Records that the officer reviewed a case on `on` (not after today, not before it was
    /// opened); an event, so it has no inverse.
    MarkReviewed {
        case: CaseId,
        on: NaiveDate,
        note: String,
    },
    /// Records that a case was exported (`docs/law.md` §6); an export cannot be undone, so this
    /// has no inverse.
    RecordDisclosure {
        case: CaseId,
        document: String,
        profile: ExportProfile,
        recipient: String,
    },
    /// Adds a case from a register spreadsheet row, in the status the row recorded, with an
    /// import event as its first event. Keeps the row's reference when it is free.
    ImportCase(Box<ImportedCase>),
    /// Records on an existing case that a spreadsheet row was merged into it.
    RecordImport {
        case: CaseId,
        source: String,
        row: u32,
        status: Status,
    },
    SavePerson(Box<Person>),
    RemovePerson(PersonId),
    SaveAgency(Agency),
    RemoveAgency(AgencyId),
    SaveContact(Contact),
    RemoveContact(ContactId),
    UpdateSettings(Box<Settings>),
    /// Puts in place a resolved merge of another copy (`merge.rs`) as one step: its inverse
    /// puts back what was there before.
    #[serde(skip)]
    Merge(Box<MergedContents>),
    /// Moves a future date a transition recorded (a removal re-planned): the clocks counted
    /// from it are recomputed; an event, so it has no inverse.
    MoveDate {
        case: CaseId,
        /// The transition that recorded the date.
        started_by: EventId,
        detail: Detail,
        to: NaiveDate,
        reason: String,
    },
    /// Attaches a file whose bytes are stored already (`store::attachments`); undone by
    /// removing it again.
    Attach {
        case: CaseId,
        attachment: Box<NewAttachment>,
    },
    /// Removes the attachment attached by the event `attachment`: an event, so it has no
    /// inverse; its bytes stay until the officer purges them.
    Detach {
        case: CaseId,
        attachment: EventId,
        reason: String,
    },
    /// Adds or edits an agreement, meeting, action point or activity, or moves one's status.
    Governance(GovernanceCommand),
}

/// Everything a resolved merge puts in place (`merge.rs`; all but the settings, which stay each
/// officer's, their holiday calendars apart).
#[derive(Clone, Debug, PartialEq)]
pub struct MergedContents {
    pub cases: Vec<Case>,
    pub people: Vec<Person>,
    pub agencies: Vec<Agency>,
    pub contacts: Vec<Contact>,
    pub stamps: BookStamps,
    /// The edits of people, agencies and contacts ([`Casebook::record_history`]).
    pub record_history: Vec<Event>,
    /// Agreements, meetings, action points and activities.
    pub governance: Vec<GovernanceRecord>,
    /// The holiday calendars merged ([`HolidayCalendars::merged`]); none while both copies
    /// use the built-in ones.
    pub holidays: Option<HolidayCalendars>,
}

/// A case as a register spreadsheet row describes it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportedCase {
    pub id: CaseId,
    /// The row's reference; a new one is assigned when empty.
    pub reference: String,
    pub kind: CaseKind,
    pub direction: Direction,
    pub opened: NaiveDate,
    pub status: Status,
    /// When the case entered `status`, if the row says (the import event's date).
    pub status_since: Option<NaiveDate>,
    pub details: CaseDetails,
    /// The file it came from, and its row (1 is the first data row).
    pub source: String,
    pub row: u32,
}

/// What applying a command did.
#[derive(Clone, Debug, PartialEq)]
pub struct Applied {
    /// The case it touched, if any.
    pub case: Option<CaseId>,
    /// The command that puts it back, where one exists. Undoing a transition is a correction
    /// (events are never removed).
    pub undo: Option<Command>,
}

#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum CommandError {
    #[error("No case with id {0}")]
    UnknownCase(CaseId),
    #[error("No person with id {0}")]
    UnknownPerson(PersonId),
    #[error("No agency with id {0}")]
    UnknownAgency(AgencyId),
    #[error("No contact with id {0}")]
    UnknownContact(ContactId),
    #[error("A case with id {0} already exists")]
    DuplicateCase(CaseId),
    #[error(transparent)]
    Transition(#[from] TransitionError),
    #[error(transparent)]
    Correction(#[from] CorrectionError),
    #[error("{}", problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    Invalid { problems: Vec<Problem> },
    #[error("Still used by {}", cases.join(", "))]
    InUse { cases: Vec<String> },
    #[error("Only a case with nothing recorded since it was opened can be discarded: {0}")]
    NotDiscardable(String),
    #[error("No running clock {clock} started by event {started_by}")]
    UnknownClock {
        clock: ClockKey,
        started_by: EventId,
    },
    #[error("An extension needs a reason and a date after {0}")]
    BadExtension(NaiveDate),
    #[error("A case with reference {0} already exists")]
    DuplicateReference(String),
    #[error("{} is not a state of the {workflow} workflow", status.code())]
    WrongWorkflow { status: Status, workflow: Workflow },
    #[error("The status date {since} is before the date opened {opened}, or after today")]
    BadStatusDate { since: NaiveDate, opened: NaiveDate },
    #[error(
        "A case can be reviewed between the day it was opened ({opened}) and today, not on {on}"
    )]
    BadReviewDate { on: NaiveDate, opened: NaiveDate },
    #[error("{0}")]
    Holidays(#[from] HolidayError),
    #[error("The deadline can be met between {started} and today, not on {on}")]
    BadMetDate { on: NaiveDate, started: NaiveDate },
    /// A team folder without the officer's name ([`Settings::team_folder_problem`]).
    #[error("Enter your name: your copy is named after you")]
    TeamFolderNeedsOfficer,
    /// A date outside what it can be ([`dates::check_date`]).
    #[error("{what}: {message}")]
    BadDate { what: &'static str, message: String },
    /// A date moved that no standing transition of the case recorded, or without a reason.
    #[error("{0}")]
    BadMove(String),
    #[error(transparent)]
    Attachment(#[from] AttachmentError),
    #[error(transparent)]
    Governance(#[from] GovernanceError),
    #[error(transparent)]
    Direction(#[from] super::directions::DirectionError),
}

/// The time and the id source an edit is made with: the domain never reads either itself.
/// `now` carries the officer's UTC offset, so "today" is the officer's date, not London's.
pub struct Ctx<'a> {
    pub now: DateTime<FixedOffset>,
    pub ids: &'a mut dyn IdSource,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Casebook {
    pub settings: Settings,
    cases: Vec<Case>,
    people: Vec<Person>,
    agencies: Vec<Agency>,
    contacts: Vec<Contact>,
    /// Every edit of a person, agency, contact or governance record, in the order made: each
    /// an [`EventKind::Edited`] naming its record (a case's own edits are in its history).
    record_history: Vec<Event>,
    /// Agreements, meetings, action points and capacity-building activities.
    governance: Governance,
    case_index: HashMap<CaseId, usize>,
    person_index: HashMap<PersonId, usize>,
    /// The highest sequence number used per reference prefix and year (`EI-2026-`), so a new
    /// reference costs a look-up, not a scan of every case.
    last_sequence: HashMap<String, u32>,
    /// Case positions by reference in lower case: finding a reference (every imported row,
    /// every new reference checked) is a look-up, not a scan of every case.
    reference_index: HashMap<String, usize>,
    /// What this casebook has seen of every officer's changes (`hlc.rs`), kept by `apply`.
    stamps: BookStamps,
    /// The installation editing it, whose replica stamps its changes.
    installation: EditedOn,
}

/// Which installation edits a casebook. Not part of its content: a casebook is the same
/// wherever it is open, so this never takes part in comparing two.
#[derive(Clone, Copy, Debug, Default)]
struct EditedOn(Option<InstallationId>);

impl PartialEq for EditedOn {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Names for Casebook {
    fn person_name(&self, id: PersonId) -> String {
        self.person(id)
            .map_or_else(|| format!("person {id}"), |p| p.name.clone())
    }
    fn case_reference(&self, id: CaseId) -> String {
        self.case(id)
            .map_or_else(|| format!("case {id}"), |c| c.reference.clone())
    }
    fn agreement_title(&self, id: super::ids::AgreementId) -> String {
        self.governance
            .agreement(id)
            .map_or_else(|| format!("agreement {id}"), |a| a.title.clone())
    }
}

impl Known for Casebook {
    fn has_person(&self, id: PersonId) -> bool {
        self.person(id).is_some()
    }
    fn has_case(&self, id: CaseId) -> bool {
        self.case(id).is_some()
    }
    fn has_agreement(&self, id: super::ids::AgreementId) -> bool {
        self.governance.agreement(id).is_some()
    }
}

impl Casebook {
    pub fn new(settings: Settings) -> Self {
        Self {
            settings,
            ..Self::default()
        }
    }

    /// Builds a casebook from loaded parts. Duplicate ids keep the first record in the indexes;
    /// [`super::check::check_casebook`] reports them.
    pub fn from_parts(
        settings: Settings,
        cases: Vec<Case>,
        people: Vec<Person>,
        agencies: Vec<Agency>,
        contacts: Vec<Contact>,
    ) -> Self {
        // Read entry by entry, the lists have room to spare.
        let (mut cases, mut people) = (cases, people);
        cases.shrink_to_fit();
        people.shrink_to_fit();
        let mut book = Self {
            settings,
            cases,
            people,
            agencies,
            contacts,
            record_history: Vec::new(),
            governance: Governance::default(),
            case_index: HashMap::default(),
            person_index: HashMap::default(),
            last_sequence: HashMap::default(),
            reference_index: HashMap::default(),
            stamps: BookStamps::default(),
            installation: EditedOn::default(),
        };
        book.reindex();
        book
    }

    /// This casebook with `cases` in place of its own: its settings, people, agencies, contacts
    /// and revision stamps kept.
    pub fn with_cases(&self, cases: Vec<Case>) -> Self {
        Self::from_parts(
            self.settings.clone(),
            cases,
            self.people().to_vec(),
            self.agencies().to_vec(),
            self.contacts().to_vec(),
        )
        .with_stamps(self.stamps().clone())
    }

    /// The same casebook with the revision state read from its file.
    pub fn with_stamps(mut self, stamps: BookStamps) -> Self {
        self.stamps = stamps;
        self
    }

    pub fn stamps(&self) -> &BookStamps {
        &self.stamps
    }

    /// The same casebook with the edits of its people, agencies and contacts read from its file.
    pub fn with_record_history(mut self, history: Vec<Event>) -> Self {
        self.record_history = history;
        self
    }

    /// Every edit of a person, agency or contact, oldest first.
    pub fn record_history(&self) -> &[Event] {
        &self.record_history
    }

    /// The same casebook with the governance records read from its file.
    pub fn with_governance(mut self, records: Vec<GovernanceRecord>) -> Self {
        self.governance = Governance::from_records(records);
        self
    }

    /// Agreements, meetings, action points and capacity-building activities.
    pub fn governance(&self) -> &Governance {
        &self.governance
    }

    /// The edits of the record `id` (a person, agency or contact), oldest first.
    pub fn history_of(&self, id: uuid::Uuid) -> impl Iterator<Item = &Event> {
        self.record_history.iter().filter(
            move |e| matches!(&e.kind, EventKind::Edited { record: Some(r), .. } if r.id == id),
        )
    }

    /// From now on this casebook's changes are stamped as made on `installation`.
    pub fn set_installation(&mut self, installation: InstallationId) {
        self.installation = EditedOn(Some(installation));
    }

    /// The replica this casebook's changes are stamped with: its officer on its installation.
    pub fn replica(&self) -> ReplicaId {
        ReplicaId::of(
            &self.settings.officer_name,
            &self.settings.officer_agency,
            self.installation.0,
        )
    }

    /// Stamps the holiday calendars' edits since `before` (an officer's change of settings).
    fn stamp_holiday_edits(&mut self, before: &HolidayCalendars, ctx: &Ctx) {
        let replica = self.replica();
        let Some(holidays) = &mut self.settings.holidays else {
            return;
        };
        let stamp = self.stamps.seen.tick(replica, ctx.now.to_utc());
        if holidays.stamp_edits(before, stamp) {
            let officer = (&self.settings.officer_name, &self.settings.officer_agency);
            self.stamps.seen.note(stamp, officer.0, officer.1);
        }
    }

    /// Replaces everything but the settings (their holiday calendars apart, which are shared),
    /// returning what was there.
    fn replace_contents(&mut self, new: MergedContents) -> MergedContents {
        let old = MergedContents {
            holidays: std::mem::replace(&mut self.settings.holidays, new.holidays),
            cases: std::mem::replace(&mut self.cases, new.cases),
            people: std::mem::replace(&mut self.people, new.people),
            agencies: std::mem::replace(&mut self.agencies, new.agencies),
            contacts: std::mem::replace(&mut self.contacts, new.contacts),
            stamps: std::mem::replace(&mut self.stamps, new.stamps),
            record_history: std::mem::replace(&mut self.record_history, new.record_history),
            governance: std::mem::replace(
                &mut self.governance,
                Governance::from_records(new.governance),
            )
            .into_records(),
        };
        self.reindex();
        old
    }

    fn reindex(&mut self) {
        // Cases and people on one core, references on another: at 100,000 cases indexing on
        // one core held up all that follows the parse for ~40 ms. A small casebook is indexed
        // sooner than a thread starts.
        let (cases, people) = (&self.cases, &self.people);
        let ids = || {
            (
                first_positions(cases, |c| c.id),
                first_positions(people, |p| p.id),
            )
        };
        let references = || {
            let mut index = HashMap::with_capacity_and_hasher(cases.len(), Default::default());
            let mut last = HashMap::default();
            for (i, c) in cases.iter().enumerate() {
                index_reference((&mut index, &mut last), &c.reference, i);
            }
            (index, last)
        };
        let ((case_index, person_index), (reference_index, last_sequence)) =
            if cases.len() < INDEXED_ON_TWO_CORES_FROM {
                (ids(), references())
            } else {
                crate::parallel::join(ids, references)
            };
        self.case_index = case_index;
        self.person_index = person_index;
        self.reference_index = reference_index;
        self.last_sequence = last_sequence;
    }

    /// Adds the case at position `i` to the indexes; the first of duplicates keeps its place.
    fn index_case(&mut self, i: usize) {
        let c = &self.cases[i];
        self.case_index.entry(c.id).or_insert(i);
        index_reference(
            (&mut self.reference_index, &mut self.last_sequence),
            &c.reference,
            i,
        );
    }

    pub fn cases(&self) -> &[Case] {
        &self.cases
    }
    pub fn case(&self, id: CaseId) -> Option<&Case> {
        self.case_index.get(&id).map(|&i| &self.cases[i])
    }
    /// Where the case stands in [`Self::cases`] (the first, should an id be repeated).
    pub fn position(&self, id: CaseId) -> Option<usize> {
        self.case_index.get(&id).copied()
    }
    pub fn case_by_reference(&self, reference: &str) -> Option<&Case> {
        self.reference_index
            .get(&reference_key(reference))
            .map(|&i| &self.cases[i])
    }
    pub fn people(&self) -> &[Person] {
        &self.people
    }
    pub fn person(&self, id: PersonId) -> Option<&Person> {
        self.person_index.get(&id).map(|&i| &self.people[i])
    }
    /// The person a case is about, as the register, the case list and the exports name it: its
    /// first subject (requested person or suspect), if that person is in the casebook.
    pub fn requested_person(&self, case: &Case) -> Option<&Person> {
        case.details.subjects().next().and_then(|p| self.person(p))
    }
    pub fn agencies(&self) -> &[Agency] {
        &self.agencies
    }
    pub fn contacts(&self) -> &[Contact] {
        &self.contacts
    }

    /// The cases a person appears in.
    pub fn cases_of(&self, person: PersonId) -> impl Iterator<Item = &Case> {
        self.cases
            .iter()
            .filter(move |c| c.details.parties.iter().any(|p| p.person == person))
    }

    /// The next free reference for a kind, direction and year: `EI-2026-0001`.
    pub fn next_reference(&self, kind: CaseKind, direction: Direction, year: i32) -> String {
        let prefix = format!("{}-{year}-", reference_prefix(kind, direction));
        let last = self.last_sequence.get(&prefix).copied().unwrap_or(0);
        // Widened: a file's highest number may be the largest a sequence holds.
        format!("{prefix}{:04}", u64::from(last) + 1)
    }

    fn case_mut(&mut self, id: CaseId) -> Result<&mut Case, CommandError> {
        match self.case_index.get(&id) {
            Some(&i) => Ok(&mut self.cases[i]),
            None => Err(CommandError::UnknownCase(id)),
        }
    }

    fn recorder(&self, ctx: &mut Ctx) -> Recorder {
        Recorder {
            id: EventId(ctx.ids.next_uuid()),
            at: ctx.now,
            officer: self.settings.officer_name.clone(),
            agency: self.settings.officer_agency.clone(),
        }
    }

    /// The clock `clock` started by `started_by` in `case`, if `usable` accepts it today.
    fn clock(
        &self,
        case: CaseId,
        clock: ClockKey,
        started_by: EventId,
        today: NaiveDate,
        usable: fn(&Clock) -> bool,
    ) -> Result<Clock, CommandError> {
        let c = self.case(case).ok_or(CommandError::UnknownCase(case))?;
        super::clock::clocks(c, today, &self.settings.working_days())
            .into_iter()
            .find(|c| c.key == clock && c.started_by == started_by && usable(c))
            .ok_or(CommandError::UnknownClock { clock, started_by })
    }

    /// Appends to the record history an edit of a person, agency or contact that changed
    /// something; called once the edit is known to succeed.
    fn note_record_edit(
        &mut self,
        kind: RecordKind,
        id: uuid::Uuid,
        name: &str,
        changes: Vec<Change>,
        ctx: &mut Ctx,
    ) {
        self.note_record_edit_on(ctx.now.date_naive(), kind, id, name, changes, ctx);
    }

    /// [`Self::note_record_edit`], the edit taking effect on `effective`.
    fn note_record_edit_on(
        &mut self,
        effective: NaiveDate,
        kind: RecordKind,
        id: uuid::Uuid,
        name: &str,
        changes: Vec<Change>,
        ctx: &mut Ctx,
    ) {
        if changes.is_empty() {
            return;
        }
        let record = EditedRecord {
            kind,
            id,
            name: name.to_string(),
        };
        let event = self.recorder(ctx).event(
            effective,
            EventKind::Edited {
                record: Some(record.into()),
                changes: changes.into(),
            },
        );
        self.record_history.push(event);
    }

    /// An agreement a case rests on stays in the register: the case would name nothing.
    fn refuse_removing_an_agreement_in_use(&self, id: Uuid) -> Result<(), CommandError> {
        let Some(agreement) = self.governance.agreement(super::ids::AgreementId(id)) else {
            return Ok(());
        };
        let by: Vec<String> = self
            .cases
            .iter()
            .filter(|c| c.details.agreement == Some(agreement.id))
            .map(|c| c.reference.clone())
            .collect();
        match by.is_empty() {
            true => Ok(()),
            false => Err(GovernanceError::InUse {
                name: agreement.title.clone(),
                by,
            }
            .into()),
        }
    }

    /// A contact's changes, its agency by name rather than by id.
    fn contact_changes(&self, old: Option<&Contact>, new: Option<&Contact>) -> Vec<Change> {
        let mut changes = changes_of(old, new);
        for change in changes.iter_mut().filter(|c| c.field == "Agency") {
            for value in [&mut change.old, &mut change.new] {
                if let Some(agency) = self.agencies.iter().find(|a| a.id.0.to_string() == *value) {
                    *value = agency.name.clone();
                }
            }
        }
        changes
    }

    /// Appends a deadline event to a case; these have no inverse (events are append-only).
    fn record(
        &mut self,
        case: CaseId,
        effective: NaiveDate,
        kind: EventKind,
        ctx: &mut Ctx,
    ) -> Result<Applied, CommandError> {
        let recorder = self.recorder(ctx);
        self.case_mut(case)?
            .push_event(recorder.event(effective, kind));
        Ok(Applied {
            case: Some(case),
            undo: None,
        })
    }

    /// A case is opened on a day that has come, and not before 1900: its year names it.
    fn opened_date(opened: NaiveDate, ctx: &Ctx) -> Result<(), CommandError> {
        dates::check_date(opened, DateKind::Happened, ctx.now.date_naive())
            .map(|_| ())
            .map_err(|message| CommandError::BadDate {
                what: "Date opened",
                message,
            })
    }

    fn problems_to_error(problems: Vec<Problem>) -> Result<(), CommandError> {
        if problems.is_empty() {
            Ok(())
        } else {
            Err(CommandError::Invalid { problems })
        }
    }

    fn import_case(&mut self, c: ImportedCase, ctx: &mut Ctx) -> Result<Applied, CommandError> {
        if self.case_index.contains_key(&c.id) {
            return Err(CommandError::DuplicateCase(c.id));
        }
        let workflow = workflow_of(c.kind, c.direction);
        if c.status.workflow() != workflow {
            return Err(CommandError::WrongWorkflow {
                status: c.status,
                workflow,
            });
        }
        super::directions::check(c.kind, c.direction, c.status)?;
        Self::opened_date(c.opened, ctx)?;
        let since = c.status_since.unwrap_or(c.opened);
        if since < c.opened || since > ctx.now.date_naive() {
            return Err(CommandError::BadStatusDate {
                since,
                opened: c.opened,
            });
        }
        let reference = match c.reference.trim() {
            "" => self.next_reference(c.kind, c.direction, c.opened.year()),
            given if self.case_by_reference(given).is_some() => {
                return Err(CommandError::DuplicateReference(given.to_string()));
            }
            given => given.to_string(),
        };
        Self::problems_to_error(validate_details(&c.details, c.kind, c.id, self))?;
        let mut details = c.details;
        if details.checklist.is_empty() {
            details.checklist = checklist_template(workflow, ctx.ids);
        }
        let event = self.recorder(ctx).event(
            since,
            EventKind::Imported {
                source: c.source.into(),
                row: c.row,
                status: c.status,
            },
        );
        self.cases.push(Case::from_parts_unchecked(
            c.id,
            reference,
            c.kind,
            c.direction,
            c.opened,
            details,
            c.status,
            vec![event],
        ));
        self.index_case(self.cases.len() - 1);
        Ok(Applied {
            case: Some(c.id),
            undo: Some(Command::DiscardCase { case: c.id }),
        })
    }

    /// Applies one edit and stamps what it changed with who and when (`stamps.rs`). On error
    /// nothing has changed.
    pub fn apply(&mut self, command: Command, ctx: &mut Ctx) -> Result<Applied, CommandError> {
        let edit = StampedEdit::of(&command);
        // Every change is stamped, events too, so a copy's frontier says all it holds (a copy
        // whose frontier we have seen brings nothing: `store::team`). Not a merge, which only
        // brings together what is stamped already, nor the settings, which are not merged.
        let stamped = !matches!(command, Command::Merge(_) | Command::UpdateSettings(_));
        // The holiday calendars are the settings' one shared part: their edits are stamped.
        let holidays_before =
            matches!(command, Command::UpdateSettings(_)).then(|| self.settings.holidays().clone());
        let applied = self.apply_unstamped(command, ctx)?;
        if let Some(before) = holidays_before {
            self.stamp_holiday_edits(&before, ctx);
        }
        if stamped {
            let replica = self.replica();
            let Settings {
                officer_name,
                officer_agency,
                ..
            } = &self.settings;
            let stamp = self.stamps.seen.tick(replica, ctx.now.to_utc());
            self.stamps.seen.note(stamp, officer_name, officer_agency);
            match edit {
                StampedEdit::Nothing => {}
                StampedEdit::NewCase(id) => {
                    if let Ok(c) = self.case_mut(id) {
                        *c.stamps_mut() = CaseStamps::new(stamp);
                    }
                }
                StampedEdit::Details(id) => {
                    // The details replaced are the edit's undo: no copy taken before.
                    if let Some(Command::UpdateCase { details: old, .. }) = &applied.undo
                        && let Ok(c) = self.case_mut(id)
                    {
                        let (new, stamps) = c.details_and_stamps_mut();
                        stamps.note_edit(old, new, stamp);
                    }
                }
                StampedEdit::Record(id) => {
                    self.stamps.records.insert(id, stamp);
                }
                StampedEdit::Removed(id) => {
                    self.stamps.records.remove(&id);
                }
            }
        }
        Ok(applied)
    }

    fn apply_unstamped(
        &mut self,
        command: Command,
        ctx: &mut Ctx,
    ) -> Result<Applied, CommandError> {
        let today = ctx.now.date_naive();
        match command {
            Command::OpenCase {
                id,
                kind,
                direction,
                opened,
                mut details,
            } => {
                if self.case_index.contains_key(&id) {
                    return Err(CommandError::DuplicateCase(id));
                }
                Self::opened_date(opened, ctx)?;
                let workflow = workflow_of(kind, direction);
                super::directions::check(kind, direction, workflow.initial())?;
                Self::problems_to_error(validate_details(&details, kind, id, self))?;
                if details.checklist.is_empty() {
                    details.checklist = checklist_template(workflow, ctx.ids);
                }
                let reference = self.next_reference(kind, direction, opened.year());
                let opened_event = self.recorder(ctx).event_opened(opened, workflow);
                let case = Case::from_parts_unchecked(
                    id,
                    reference,
                    kind,
                    direction,
                    opened,
                    *details,
                    workflow.initial(),
                    vec![opened_event],
                );
                self.cases.push(case);
                self.index_case(self.cases.len() - 1);
                Ok(Applied {
                    case: Some(id),
                    undo: Some(Command::DiscardCase { case: id }),
                })
            }
            Command::DiscardCase { case } => {
                let c = self.case(case).ok_or(CommandError::UnknownCase(case))?;
                if c.history().len() > 1 {
                    return Err(CommandError::NotDiscardable(c.reference.clone()));
                }
                let linked: Vec<String> = self
                    .cases
                    .iter()
                    .filter(|o| o.details.links.iter().any(|l| l.case == case))
                    .map(|o| o.reference.clone())
                    .collect();
                if !linked.is_empty() {
                    return Err(CommandError::InUse { cases: linked });
                }
                let index = self.case_index[&case];
                let removed = self.cases.remove(index);
                self.reindex();
                let undo = match removed.history().first().map(|e| (e, &e.kind)) {
                    Some((
                        e,
                        EventKind::Imported {
                            source,
                            row,
                            status,
                        },
                    )) => Command::ImportCase(Box::new(ImportedCase {
                        id: removed.id,
                        reference: removed.reference.clone(),
                        kind: removed.kind,
                        direction: removed.direction,
                        opened: removed.opened,
                        status: *status,
                        status_since: Some(e.effective),
                        source: source.to_string(),
                        row: *row,
                        details: removed.details.clone(),
                    })),
                    _ => Command::OpenCase {
                        id: removed.id,
                        kind: removed.kind,
                        direction: removed.direction,
                        opened: removed.opened,
                        details: Box::new(removed.details),
                    },
                };
                Ok(Applied {
                    case: None,
                    undo: Some(undo),
                })
            }
            Command::UpdateCase { case, details } => {
                let current = self.case(case).ok_or(CommandError::UnknownCase(case))?;
                let mut problems = validate_details(&details, current.kind, case, self);
                problems.extend(checklist_problems(
                    &current.details.checklist,
                    &details.checklist,
                ));
                Self::problems_to_error(problems)?;
                let changes = details_changes(&current.details, &details, self);
                let edited = (!changes.is_empty()).then(|| {
                    self.recorder(ctx).event(
                        today,
                        EventKind::Edited {
                            record: None,
                            changes: changes.into(),
                        },
                    )
                });
                let c = self.case_mut(case)?;
                let old = std::mem::replace(&mut c.details, *details);
                if let Some(event) = edited {
                    c.push_event(event);
                }
                Ok(Applied {
                    case: Some(case),
                    undo: Some(Command::UpdateCase {
                        case,
                        details: Box::new(old),
                    }),
                })
            }
            Command::Transition { case, request } => {
                let recorder = self.recorder(ctx);
                let c = self.case_mut(case)?;
                let event = c.transition(*request, recorder)?;
                Ok(Applied {
                    case: Some(case),
                    undo: Some(Command::Correct {
                        case,
                        event,
                        reason: "Undone by the officer who recorded it".into(),
                    }),
                })
            }
            Command::Correct {
                case,
                event,
                reason,
            } => {
                let recorder = self.recorder(ctx);
                let c = self.case_mut(case)?;
                let redo = c.history().iter().find(|e| e.id == event).and_then(redo_of);
                c.correct(event, &reason, recorder)?;
                Ok(Applied {
                    case: Some(case),
                    undo: redo.map(|request| Command::Transition {
                        case,
                        request: Box::new(request),
                    }),
                })
            }
            Command::ExtendClock {
                case,
                clock,
                started_by,
                new_due,
                reason,
            } => {
                let current = self.clock(case, clock, started_by, today, Clock::is_pending)?;
                if reason.trim().is_empty() || new_due <= current.due {
                    return Err(CommandError::BadExtension(current.due));
                }
                self.record(
                    case,
                    today,
                    EventKind::ClockExtended {
                        clock,
                        started_by,
                        new_due,
                        reason: reason.into(),
                    },
                    ctx,
                )
            }
            Command::MeetClock {
                case,
                clock,
                started_by,
                on,
                note,
            } => {
                let open = self.clock(case, clock, started_by, today, Clock::can_be_met)?;
                if on > today || on < open.trigger_date {
                    return Err(CommandError::BadMetDate {
                        on,
                        started: open.trigger_date,
                    });
                }
                self.record(
                    case,
                    on,
                    EventKind::ClockMet {
                        clock,
                        started_by,
                        note: note.into(),
                    },
                    ctx,
                )
            }
            Command::MoveDate {
                case,
                started_by,
                detail,
                to,
                reason,
            } => {
                let c = self.case(case).ok_or(CommandError::UnknownCase(case))?;
                let recorded = c
                    .effective_transitions()
                    .find(|e| e.id == started_by)
                    .and_then(|e| match &e.kind {
                        EventKind::Transition { details, .. } => details.get(&detail).cloned(),
                        _ => None,
                    });
                let label = detail.label();
                if !matches!(recorded, Some(DetailValue::Date(_))) {
                    return Err(CommandError::BadMove(format!(
                        "No step of {} recorded \u{201c}{label}\u{201d}",
                        c.reference
                    )));
                }
                if reason.trim().is_empty() {
                    return Err(CommandError::BadMove(format!(
                        "Say why \u{201c}{label}\u{201d} moved"
                    )));
                }
                dates::check_date(to, detail.date_kind(), today).map_err(|message| {
                    CommandError::BadDate {
                        what: label,
                        message,
                    }
                })?;
                self.record(
                    case,
                    today,
                    EventKind::DateMoved {
                        started_by,
                        detail,
                        to,
                        reason: reason.into(),
                    },
                    ctx,
                )
            }
            Command::MarkReviewed { case, on, note } => {
                let opened = self
                    .case(case)
                    .ok_or(CommandError::UnknownCase(case))?
                    .opened;
                if on > today || on < opened {
                    return Err(CommandError::BadReviewDate { on, opened });
                }
                self.record(case, on, EventKind::Reviewed { note: note.into() }, ctx)
            }
            Command::RecordDisclosure {
                case,
                document,
                profile,
                recipient,
            } => self.record(
                case,
                today,
                EventKind::Disclosed {
                    document: document.into(),
                    profile,
                    recipient: recipient.into(),
                },
                ctx,
            ),
            Command::ImportCase(imported) => self.import_case(*imported, ctx),
            Command::Attach { case, attachment } => {
                let c = self.case(case).ok_or(CommandError::UnknownCase(case))?;
                attachment::check_new(c, &attachment)?;
                let NewAttachment {
                    name,
                    size,
                    hash,
                    to,
                    drafted,
                } = *attachment;
                let kind = EventKind::Attached {
                    name: name.into(),
                    size,
                    hash: hash.into(),
                    to: to.map(Into::into),
                    drafted: drafted.map(Into::into),
                };
                let recorder = self.recorder(ctx);
                let id = recorder.id;
                self.case_mut(case)?.push_event(recorder.event(today, kind));
                Ok(Applied {
                    case: Some(case),
                    undo: Some(Command::Detach {
                        case,
                        attachment: id,
                        reason: "Undone by the officer who attached it".into(),
                    }),
                })
            }
            Command::Detach {
                case,
                attachment,
                reason,
            } => {
                let c = self.case(case).ok_or(CommandError::UnknownCase(case))?;
                attachment::check_removal(c, attachment)?;
                self.record(
                    case,
                    today,
                    EventKind::Detached {
                        attachment,
                        reason: reason.trim().into(),
                    },
                    ctx,
                )
            }
            Command::RecordImport {
                case,
                source,
                row,
                status,
            } => self.record(
                case,
                today,
                EventKind::Imported {
                    source: source.into(),
                    row,
                    status,
                },
                ctx,
            ),
            Command::SavePerson(person) => {
                Self::problems_to_error(validate_person(&person, today))?;
                let changes = edit_of(self.person(person.id), &*person);
                self.note_record_edit(RecordKind::Person, person.id.0, &person.name, changes, ctx);
                let undo = match self.person_index.get(&person.id) {
                    Some(&i) => Command::SavePerson(Box::new(std::mem::replace(
                        &mut self.people[i],
                        *person,
                    ))),
                    None => {
                        let id = person.id;
                        self.person_index.insert(id, self.people.len());
                        self.people.push(*person);
                        Command::RemovePerson(id)
                    }
                };
                Ok(Applied {
                    case: None,
                    undo: Some(undo),
                })
            }
            Command::RemovePerson(id) => {
                let &index = self
                    .person_index
                    .get(&id)
                    .ok_or(CommandError::UnknownPerson(id))?;
                let users: Vec<String> = self.cases_of(id).map(|c| c.reference.clone()).collect();
                if !users.is_empty() {
                    return Err(CommandError::InUse { cases: users });
                }
                let removed = self.people.remove(index);
                self.reindex();
                let changes = changes_of(Some(&removed), None);
                self.note_record_edit(RecordKind::Person, id.0, &removed.name, changes, ctx);
                Ok(Applied {
                    case: None,
                    undo: Some(Command::SavePerson(Box::new(removed))),
                })
            }
            Command::SaveAgency(agency) => {
                let old = self.agencies.iter().find(|a| a.id == agency.id);
                let changes = edit_of(old, &agency);
                self.note_record_edit(RecordKind::Agency, agency.id.0, &agency.name, changes, ctx);
                let undo = upsert(&mut self.agencies, agency, |a| a.id)
                    .map(Command::SaveAgency)
                    .unwrap_or_else(Command::RemoveAgency);
                Ok(Applied {
                    case: None,
                    undo: Some(undo),
                })
            }
            Command::RemoveAgency(id) => {
                if self.contacts.iter().any(|c| c.agency == Some(id)) {
                    return Err(CommandError::InUse {
                        cases: vec!["a contact".into()],
                    });
                }
                let index = self
                    .agencies
                    .iter()
                    .position(|a| a.id == id)
                    .ok_or(CommandError::UnknownAgency(id))?;
                let removed = self.agencies.remove(index);
                let changes = changes_of(Some(&removed), None);
                self.note_record_edit(RecordKind::Agency, id.0, &removed.name, changes, ctx);
                Ok(Applied {
                    case: None,
                    undo: Some(Command::SaveAgency(removed)),
                })
            }
            Command::SaveContact(contact) => {
                let old = self.contacts.iter().find(|c| c.id == contact.id);
                let changes = old.map_or_else(Vec::new, |old| {
                    self.contact_changes(Some(old), Some(&contact))
                });
                self.note_record_edit(
                    RecordKind::Contact,
                    contact.id.0,
                    &contact.name,
                    changes,
                    ctx,
                );
                let undo = upsert(&mut self.contacts, contact, |c| c.id)
                    .map(Command::SaveContact)
                    .unwrap_or_else(Command::RemoveContact);
                Ok(Applied {
                    case: None,
                    undo: Some(undo),
                })
            }
            Command::RemoveContact(id) => {
                let index = self
                    .contacts
                    .iter()
                    .position(|c| c.id == id)
                    .ok_or(CommandError::UnknownContact(id))?;
                let removed = self.contacts.remove(index);
                let changes = self.contact_changes(Some(&removed), None);
                self.note_record_edit(RecordKind::Contact, id.0, &removed.name, changes, ctx);
                Ok(Applied {
                    case: None,
                    undo: Some(Command::SaveContact(removed)),
                })
            }
            Command::Governance(command) => {
                if let GovernanceCommand::Remove(id) = &command {
                    self.refuse_removing_an_agreement_in_use(*id)?;
                }
                let mut governance = std::mem::take(&mut self.governance);
                let done = governance.apply(command, today, self);
                self.governance = governance;
                let done = done?;
                self.note_record_edit_on(
                    done.effective,
                    done.kind,
                    done.id,
                    &done.name,
                    done.changes,
                    ctx,
                );
                Ok(Applied {
                    case: None,
                    undo: done.undo.map(Command::Governance),
                })
            }
            Command::Merge(merged) => Ok(Applied {
                case: None,
                undo: Some(Command::Merge(Box::new(self.replace_contents(*merged)))),
            }),
            Command::UpdateSettings(settings) => {
                // A casebook that already shares without a name (saved before this rule) may
                // still change its other settings and undo.
                if let Some(problem) = settings.team_folder_problem()
                    && self.settings.team_folder_problem().is_none()
                {
                    return Err(problem);
                }
                if let Some(holidays) = &settings.holidays {
                    holidays.check()?;
                }
                let old = std::mem::replace(&mut self.settings, *settings);
                Ok(Applied {
                    case: None,
                    undo: Some(Command::UpdateSettings(Box::new(old))),
                })
            }
        }
    }
}

/// What an edit changes that carries a revision stamp of its own. Events carry their own
/// officer, agency and time, so commands that only append events only move the frontier.
enum StampedEdit {
    Nothing,
    NewCase(CaseId),
    /// The case's details, compared after the edit with those its undo holds.
    Details(CaseId),
    Record(Uuid),
    Removed(Uuid),
}

impl StampedEdit {
    fn of(command: &Command) -> Self {
        match command {
            Command::OpenCase { id, .. } => StampedEdit::NewCase(*id),
            Command::ImportCase(c) => StampedEdit::NewCase(c.id),
            Command::UpdateCase { case, .. } => StampedEdit::Details(*case),
            Command::SavePerson(p) => StampedEdit::Record(p.id.0),
            Command::SaveAgency(a) => StampedEdit::Record(a.id.0),
            Command::SaveContact(c) => StampedEdit::Record(c.id.0),
            Command::RemovePerson(id) => StampedEdit::Removed(id.0),
            Command::RemoveAgency(id) => StampedEdit::Removed(id.0),
            Command::RemoveContact(id) => StampedEdit::Removed(id.0),
            Command::Governance(g) if g.removes() => StampedEdit::Removed(g.record()),
            Command::Governance(g) => StampedEdit::Record(g.record()),
            _ => StampedEdit::Nothing,
        }
    }
}

/// What saving `new` over `old` changes: nothing to record for a new record, whose entry is
/// its own trace (as a case's opening is), only for one edited.
fn edit_of<T: Serialize>(old: Option<&T>, new: &T) -> Vec<Change> {
    old.map_or_else(Vec::new, |old| changes_of(Some(old), Some(new)))
}

/// References are unique regardless of case and surrounding spaces.
fn reference_key(reference: &str) -> String {
    reference.trim().to_ascii_lowercase()
}

/// From how many cases [`Casebook::reindex`] works on two cores.
const INDEXED_ON_TWO_CORES_FROM: usize = 4096;

/// Where each key is first found in `items`, for a look-up by key.
fn first_positions<T, K: std::hash::Hash + Eq>(
    items: &[T],
    key: impl Fn(&T) -> K,
) -> HashMap<K, usize> {
    // Sized once: grown, a table of 100,000 entries is rehashed a dozen times.
    let mut index = HashMap::with_capacity_and_hasher(items.len(), Default::default());
    for (i, item) in items.iter().enumerate() {
        index.entry(key(item)).or_insert(i);
    }
    index
}

/// Files the reference of the case at position `i` by its lower case (the first of repeated
/// references keeps its place) and notes its sequence number.
fn index_reference(
    (index, last): (&mut HashMap<String, usize>, &mut HashMap<String, u32>),
    reference: &str,
    i: usize,
) {
    note_sequence(last, reference);
    index.entry(reference_key(reference)).or_insert(i);
}

/// Records the sequence number of a reference of the form `EI-2026-0007`.
fn note_sequence(last: &mut HashMap<String, u32>, reference: &str) {
    if let Some(dash) = reference.rfind('-')
        && let Ok(n) = reference[dash + 1..].parse::<u32>()
    {
        // The prefix with its dash (`EI-2026-`) is a slice of the reference: a string is made
        // only for a prefix not seen before, not for each of 100,000 cases at open.
        let prefix = &reference[..=dash];
        match last.get_mut(prefix) {
            Some(highest) => *highest = (*highest).max(n),
            None => {
                last.insert(prefix.to_string(), n);
            }
        }
    }
}

/// Replaces the record with the same id and returns the old one, or appends it and returns the
/// new id.
fn upsert<T, I: PartialEq + Copy>(
    list: &mut Vec<T>,
    item: T,
    id: impl Fn(&T) -> I,
) -> Result<T, I> {
    let key = id(&item);
    match list.iter_mut().find(|x| id(x) == key) {
        Some(slot) => Ok(std::mem::replace(slot, item)),
        None => {
            list.push(item);
            Err(key)
        }
    }
}

/// The transition a correction undid, to redo it.
fn redo_of(event: &Event) -> Option<TransitionRequest> {
    match &event.kind {
        EventKind::Transition {
            to,
            details,
            reason,
            documents,
            override_reason,
            ..
        } => Some(TransitionRequest {
            to: *to,
            effective: event.effective,
            details: details.clone(),
            reason: reason.to_string(),
            documents: documents.iter().map(String::from).collect(),
            override_reason: override_reason.as_deref().map(String::from),
        }),
        _ => None,
    }
}

impl Recorder {
    fn event_opened(self, opened: NaiveDate, workflow: Workflow) -> Event {
        self.event(
            opened,
            EventKind::Opened {
                status: workflow.initial(),
            },
        )
    }
}

/// The documents each workflow needs before its gated transitions (`docs/law.md` §4).
pub fn checklist_template(workflow: Workflow, ids: &mut dyn IdSource) -> Vec<ChecklistItem> {
    let items: &[(&str, bool)] = match workflow {
        Workflow::ExtraditionIncoming => &[
            ("Extradition request", true),
            ("Warrant of arrest or certificate of conviction", true),
            ("Statement of facts", true),
            ("Text of the law creating the offence and its penalty", true),
            ("Identification (photographs, fingerprints)", true),
            ("Special arrangement certificate (s.194)", true),
            ("English translations", true),
        ],
        Workflow::ExtraditionOutgoing => &[
            ("Statement of facts", true),
            ("Charges and the law", true),
            ("Prima facie evidence", true),
            ("Identification", true),
            ("Warrant", true),
            ("Translations", true),
        ],
        Workflow::MutualLegalAssistance => &[
            ("Requesting authority", true),
            (
                "Nature of the investigation and the authority conducting it",
                true,
            ),
            ("Summary of facts", true),
            ("Assistance sought and any procedure to follow", true),
            (
                "Identity, location and nationality of persons concerned",
                true,
            ),
            ("Purpose of the evidence or assistance", true),
            ("Confidentiality and why", false),
            ("Time limit", false),
            (
                "Why the evidence is believed to be in the requested state",
                false,
            ),
            ("Questions for witnesses", false),
            ("Bank, account, document types and date range", false),
        ],
        Workflow::Returns => &[
            ("Deportation order or removal decision", true),
            ("CNIC or NICOP copy", false),
            ("Passport copy", false),
            ("Fingerprints", false),
        ],
        Workflow::ConvictionData => &[
            (
                "Name, aliases, father's name, date and place of birth",
                true,
            ),
            ("Purpose and legal basis", true),
            ("Use limits (no onward transfer)", true),
            ("Fingerprints", false),
        ],
        // What a preservation request states (Budapest art. 29(2)).
        Workflow::ServiceProvider => &[
            ("Authority, offence and a summary of the facts", true),
            ("Data sought and its link to the offence", true),
            ("Custodian of the data and the service", true),
            ("Why preservation is necessary", true),
            ("The intended MLA request", false),
        ],
        Workflow::PoliceEnquiry => &[
            ("Question and why it is needed", true),
            ("Use condition agreed", false),
        ],
        Workflow::OffenderAlert => &[
            ("Travel itinerary", true),
            ("Risk assessment (form C)", false),
        ],
    };
    items
        .iter()
        .map(|&(label, required)| ChecklistItem {
            id: RecordId(ids.next_uuid()),
            label: label.into(),
            required,
            status: DocumentStatus::Missing,
            note: String::new(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{CaseDetails, SeededIds};

    #[test]
    fn references_continue_from_the_highest_number_per_kind_direction_and_year() {
        let mut book = Casebook::default();
        let mut ids = SeededIds::new(1);
        let now: DateTime<FixedOffset> = "2026-11-23T10:00:00+05:00".parse().unwrap();
        let mut open = |book: &mut Casebook, kind, direction, year| {
            let id = CaseId(ids.next_uuid());
            let opened = NaiveDate::from_ymd_opt(year, 3, 1).unwrap();
            let details = CaseDetails::new(Country::pakistan(), Country::uk());
            book.apply(
                Command::OpenCase {
                    id,
                    kind,
                    direction,
                    opened,
                    details: Box::new(details),
                },
                &mut Ctx {
                    now,
                    ids: &mut SeededIds::new(u64::try_from(year).unwrap()),
                },
            )
            .unwrap();
            book.case(id).unwrap().reference.clone()
        };
        use CaseKind::*;
        use Direction::*;
        assert_eq!(open(&mut book, Extradition, Incoming, 2026), "EI-2026-0001");
        assert_eq!(open(&mut book, Extradition, Incoming, 2026), "EI-2026-0002");
        assert_eq!(open(&mut book, Mla, Outgoing, 2026), "MO-2026-0001");
        assert_eq!(open(&mut book, Extradition, Incoming, 2025), "EI-2025-0001");
        // A loaded casebook continues from its highest number, not from its count.
        let mut cases = book.cases().to_vec();
        cases.remove(0);
        let mut reloaded = Casebook::from_parts(Settings::default(), cases, vec![], vec![], vec![]);
        assert_eq!(
            open(&mut reloaded, Extradition, Incoming, 2026),
            "EI-2026-0003"
        );
    }

    /// An extradition case opened as the window opens one.
    fn opened_case() -> Case {
        let mut book = Casebook::default();
        let id = CaseId(Uuid::from_u128(1));
        book.apply(
            Command::OpenCase {
                id,
                kind: CaseKind::Extradition,
                direction: Direction::Incoming,
                opened: NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
                details: Box::new(CaseDetails::new(Country::pakistan(), Country::uk())),
            },
            &mut Ctx {
                now: "2026-11-23T10:00:00+05:00".parse().unwrap(),
                ids: &mut SeededIds::new(1),
            },
        )
        .unwrap();
        book.cases()[0].clone()
    }

    /// A reference numbered as high as a sequence goes is followed by the next number, not by
    /// an overflow.
    #[test]
    fn the_reference_after_the_highest_number_a_sequence_holds_is_the_next_one() {
        let mut case = opened_case();
        case.reference = format!("EI-2026-{}", u32::MAX);
        let book = Casebook::from_parts(Settings::default(), vec![case], vec![], vec![], vec![]);
        assert_eq!(
            book.next_reference(CaseKind::Extradition, Direction::Incoming, 2026),
            "EI-2026-4294967296"
        );
    }

    /// A casebook large enough to be indexed on two cores finds each case, reference and
    /// person where it was first, and numbers on from its highest reference.
    #[test]
    fn a_large_casebook_is_indexed_by_the_first_of_repeats_and_numbers_on() {
        let template = opened_case();
        let n = INDEXED_ON_TWO_CORES_FROM + 10;
        let mut cases: Vec<Case> = (0..n)
            .map(|i| {
                let mut case = template.clone();
                case.id = CaseId(Uuid::from_u128(i as u128 + 1));
                case.reference = format!("EI-2026-{:04}", i + 1);
                case
            })
            .collect();
        // A damaged file: the last case repeats the first's id, the one before it the second's
        // reference in lower case.
        cases[n - 1].id = cases[0].id;
        cases[n - 2].reference = "ei-2026-0002".into();
        let first = Person::new(PersonId(Uuid::from_u128(1)), "Asif Khan");
        let people = vec![
            first.clone(),
            Person::new(PersonId(Uuid::from_u128(2)), "Bilal Ahmed"),
            Person::new(first.id, "Someone else"),
        ];
        let book = Casebook::from_parts(Settings::default(), cases, people, vec![], vec![]);
        assert_eq!(book.position(CaseId(Uuid::from_u128(1))), Some(0));
        assert_eq!(
            book.case_by_reference("EI-2026-0002").map(|c| c.id),
            Some(CaseId(Uuid::from_u128(2)))
        );
        assert_eq!(
            book.case_by_reference("EI-2026-0007").map(|c| c.id),
            Some(CaseId(Uuid::from_u128(7)))
        );
        assert_eq!(book.person(first.id).map(|p| &p.name), Some(&first.name));
        assert_eq!(
            book.next_reference(CaseKind::Extradition, Direction::Incoming, 2026),
            format!("EI-2026-{:04}", n + 1)
        );
    }
}
