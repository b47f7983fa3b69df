//! The programme's registers (issue 23): agreements, meetings with their action points, and the
//! capacity-building log. Each lists its records; a record's name opens it in a form, "Add …"
//! a blank one. A form edits text drafts, parsed on Save into the domain's records and sent as
//! governance commands (`Request::Change`); the rules (the status flow, dates in order) are
//! the domain's, their refusals shown by the desk. Escape asks before discarding what was typed.

use super::dropdown::dropdown_ui;
use super::form_keys::{DialogKeys, escape_closes};
use super::request::Request;
use crate::domain::Casebook;
use crate::domain::casebook::Command;
use crate::domain::dates::{DateKind, DateOrder, parse_date_for};
use crate::domain::governance::*;
use crate::domain::ids::{IdSource, RandomIds};
use chrono::{Datelike, NaiveDate};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Register {
    #[default]
    Agreements,
    Meetings,
    Activities,
}

/// The drafts of a form's text fields: label and text, in order.
#[derive(Clone, Debug, Hash)]
struct Texts(Vec<(&'static str, String)>);

impl Texts {
    fn get(&self, label: &str) -> &str {
        self.0
            .iter()
            .find(|(l, _)| *l == label)
            .map_or("", |(_, t)| t.trim())
    }

    fn list(&self, label: &str) -> Vec<String> {
        self.get(label)
            .split(';')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    }
}

/// What is being edited, its choices beside its texts.
#[derive(Clone, Debug)]
enum Form {
    Agreement {
        old: Option<Box<Agreement>>,
        kind: AgreementKind,
        status: AgreementStatus,
        texts: Texts,
    },
    Meeting {
        old: Option<Box<Meeting>>,
        kind: MeetingKind,
        texts: Texts,
    },
    Action {
        old: Option<Box<ActionPoint>>,
        meeting: Option<MeetingId>,
        status: ActionStatus,
        texts: Texts,
    },
    Activity {
        old: Option<Box<Activity>>,
        kind: ActivityKind,
        texts: Texts,
    },
}

/// What the officer typed and chose, for Escape to tell whether anything changed.
impl std::hash::Hash for Form {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        match self {
            Form::Agreement {
                kind,
                status,
                texts,
                ..
            } => (kind, status, texts).hash(state),
            Form::Meeting { kind, texts, .. } => (kind, texts).hash(state),
            Form::Action {
                meeting,
                status,
                texts,
                ..
            } => (meeting, status, texts).hash(state),
            Form::Activity { kind, texts, .. } => (kind, texts).hash(state),
        }
    }
}

/// A date as a form's draft holds it: `2024-05-31`, read back in any date order.
fn day(d: Option<NaiveDate>) -> String {
    d.map_or_else(String::new, |d| d.to_string())
}

/// A date as the registers show it: `31 May 2024`, as the rest of the window and the exports
/// write it; blank when there is none.
fn shown(d: Option<NaiveDate>) -> String {
    d.map_or_else(String::new, crate::export::doc::date)
}

impl Form {
    fn agreement(a: Option<&Agreement>) -> Self {
        let t = |f: fn(&Agreement) -> String| a.map_or_else(String::new, f);
        Form::Agreement {
            old: a.cloned().map(Box::new),
            kind: a.map_or(AgreementKind::Mou, |a| a.kind),
            status: a.map_or(AgreementStatus::Drafting, |a| a.status),
            texts: Texts(vec![
                ("Title", t(|a| a.title.clone())),
                ("Parties", t(|a| a.parties.join("; "))),
                ("Signatories", t(|a| a.signatories.join("; "))),
                ("Signed", t(|a| day(a.signed))),
                ("In force", t(|a| day(a.in_force))),
                (
                    "Review every (months)",
                    t(|a| a.review_months.map_or_else(String::new, |m| m.to_string())),
                ),
                (
                    "Focal points",
                    t(|a| {
                        a.focal_points
                            .iter()
                            .map(ToString::to_string)
                            .collect::<Vec<_>>()
                            .join("; ")
                    }),
                ),
                ("Documents", t(|a| a.documents.join("; "))),
                ("Note", t(|a| a.note.clone())),
                ("Status changed on", String::new()),
            ]),
        }
    }

    fn meeting(m: Option<&Meeting>, today: NaiveDate) -> Self {
        let t = |f: fn(&Meeting) -> String| m.map_or_else(String::new, f);
        Form::Meeting {
            old: m.cloned().map(Box::new),
            kind: m.map_or(MeetingKind::MonthlyReview, |m| m.kind),
            texts: Texts(vec![
                (
                    "Date",
                    m.map_or_else(|| today.to_string(), |m| m.date.to_string()),
                ),
                ("Chair", t(|m| m.chair.clone())),
                (
                    "Attendees",
                    t(|m| {
                        m.attendees
                            .iter()
                            .map(ToString::to_string)
                            .collect::<Vec<_>>()
                            .join("; ")
                    }),
                ),
                ("Decisions", t(|m| m.decisions.join("; "))),
                ("Documents", t(|m| m.documents.join("; "))),
                ("Next meeting", t(|m| day(m.next_meeting))),
            ]),
        }
    }

    fn action(a: Option<&ActionPoint>, meeting: Option<&Meeting>, today: NaiveDate) -> Self {
        let t = |f: fn(&ActionPoint) -> String| a.map_or_else(String::new, f);
        Form::Action {
            old: a.cloned().map(Box::new),
            meeting: a.map_or(meeting.map(|m| m.id), |a| a.meeting),
            status: a.map_or(ActionStatus::Open, |a| a.status),
            texts: Texts(vec![
                ("Action", t(|a| a.text.clone())),
                ("Owner", t(|a| a.owner.clone())),
                ("Owner's agency", t(|a| a.owner_agency.clone())),
                (
                    "Raised",
                    a.map_or_else(
                        || meeting.map_or(today, |m| m.date).to_string(),
                        |a| a.raised.to_string(),
                    ),
                ),
                ("Due", t(|a| a.due.to_string())),
                ("Update on", String::new()),
                ("Update note", String::new()),
            ]),
        }
    }

    fn activity(a: Option<&Activity>) -> Self {
        let t = |f: fn(&Activity) -> String| a.map_or_else(String::new, f);
        Form::Activity {
            old: a.cloned().map(Box::new),
            kind: a.map_or(ActivityKind::Training, |a| a.kind),
            texts: Texts(vec![
                ("Title", t(|a| a.title.clone())),
                ("Start", t(|a| a.start.to_string())),
                ("End", t(|a| day(a.end))),
                ("Place", t(|a| a.place.clone())),
                ("Provider", t(|a| a.provider.clone())),
                ("Beneficiary agency", t(|a| a.beneficiary.clone())),
                ("Participants", t(|a| a.participants.to_string())),
                (
                    "Value",
                    t(|a| {
                        a.value.as_ref().map_or_else(String::new, |v| {
                            format!("{}.{:02}", v.hundredths / 100, v.hundredths % 100)
                        })
                    }),
                ),
                (
                    "Currency",
                    t(|a| {
                        a.value
                            .as_ref()
                            .map_or_else(String::new, |v| v.currency.clone())
                    }),
                ),
                ("Outcome", t(|a| a.outcome.clone())),
                ("Follow-up", t(|a| a.follow_up.clone())),
            ]),
        }
    }

    /// "agreement", "meeting": what the form holds, in the officer's words.
    fn what(&self) -> &'static str {
        match self {
            Form::Agreement { .. } => "agreement",
            Form::Meeting { .. } => "meeting",
            Form::Action { .. } => "action point",
            Form::Activity { .. } => "activity",
        }
    }

    fn texts_mut(&mut self) -> &mut Texts {
        match self {
            Form::Agreement { texts, .. }
            | Form::Meeting { texts, .. }
            | Form::Action { texts, .. }
            | Form::Activity { texts, .. } => texts,
        }
    }

    /// The commands that save the form, or what is wrong, naming the field.
    fn commands(
        &self,
        book: &Casebook,
        today: NaiveDate,
    ) -> Result<Vec<GovernanceCommand>, String> {
        let order = book.settings.date_order;
        let date = |t: &Texts, label: &str, kind| parse(t.get(label), label, order, kind, today);
        let optional = |t: &Texts, label: &str, kind| match t.get(label) {
            "" => Ok(None),
            _ => date(t, label, kind).map(Some),
        };
        let save = |r| GovernanceCommand::Save(Box::new(r));
        Ok(match self {
            Form::Agreement {
                old,
                kind,
                status,
                texts: t,
            } => {
                let mut a = old.as_deref().cloned().unwrap_or_else(|| {
                    Agreement::new(AgreementId(RandomIds.next_uuid()), "", *kind, *status)
                });
                a.title = t.get("Title").to_string();
                a.kind = *kind;
                a.parties = t.list("Parties");
                a.signatories = t.list("Signatories");
                a.signed = optional(t, "Signed", DateKind::Happened)?;
                a.in_force = optional(t, "In force", DateKind::Happened)?;
                a.review_months = match t.get("Review every (months)") {
                    "" => None,
                    m => Some(m.parse().map_err(|_| {
                        format!(
                            "Review every (months): \u{201c}{m}\u{201d} is not a number of months"
                        )
                    })?),
                };
                a.focal_points = t
                    .list("Focal points")
                    .iter()
                    .map(|f| FocalPoint::parse(f))
                    .collect();
                a.documents = t.list("Documents");
                a.note = t.get("Note").to_string();
                let mut commands = vec![save(GovernanceRecord::Agreement(a.clone()))];
                if old.is_some() && *status != a.status {
                    let on = optional(t, "Status changed on", DateKind::Happened)?.unwrap_or(today);
                    commands.push(GovernanceCommand::MoveAgreement {
                        agreement: a.id,
                        to: *status,
                        on,
                        note: String::new(),
                    });
                }
                commands
            }
            Form::Meeting {
                old,
                kind,
                texts: t,
            } => {
                let on = date(t, "Date", DateKind::Scheduled)?;
                let mut m = old
                    .as_deref()
                    .cloned()
                    .unwrap_or_else(|| Meeting::new(MeetingId(RandomIds.next_uuid()), *kind, on));
                let next = optional(t, "Next meeting", DateKind::Scheduled)?;
                m.next_meeting = match (next, old.is_some() && m.kind == *kind && m.date == on) {
                    (Some(n), _) => Some(n),
                    (None, true) => None,
                    (None, false) => kind.next_after(on),
                };
                m.kind = *kind;
                m.date = on;
                m.chair = t.get("Chair").to_string();
                m.attendees = t
                    .list("Attendees")
                    .iter()
                    .map(|a| Attendance::parse(a))
                    .collect();
                m.decisions = t.list("Decisions");
                m.documents = t.list("Documents");
                vec![save(GovernanceRecord::Meeting(m))]
            }
            Form::Action {
                old,
                meeting,
                status,
                texts: t,
            } => {
                let raised = date(t, "Raised", DateKind::Happened)?;
                let due = date(t, "Due", DateKind::Scheduled)?;
                let mut a = match old.as_deref() {
                    Some(a) => a.clone(),
                    None => ActionPoint {
                        id: ActionId(RandomIds.next_uuid()),
                        number: book.governance().next_action_number(raised.year()),
                        text: String::new(),
                        meeting: None,
                        raised,
                        owner: String::new(),
                        owner_agency: String::new(),
                        due,
                        status: ActionStatus::Open,
                        updates: Vec::new(),
                        cases: Vec::new(),
                        agreements: Vec::new(),
                    },
                };
                a.text = t.get("Action").to_string();
                a.owner = t.get("Owner").to_string();
                a.owner_agency = t.get("Owner's agency").to_string();
                a.meeting = *meeting;
                a.raised = raised;
                a.due = due;
                let mut commands = vec![save(GovernanceRecord::Action(a.clone()))];
                let note = t.get("Update note");
                if *status != a.status || !note.is_empty() {
                    let on = optional(t, "Update on", DateKind::Happened)?.unwrap_or(today);
                    commands.push(GovernanceCommand::UpdateAction {
                        action: a.id,
                        on,
                        status: *status,
                        note: note.to_string(),
                    });
                }
                commands
            }
            Form::Activity {
                old,
                kind,
                texts: t,
            } => {
                let start = date(t, "Start", DateKind::Scheduled)?;
                let mut a = old.as_deref().cloned().unwrap_or_else(|| {
                    Activity::new(ActivityId(RandomIds.next_uuid()), *kind, "", start)
                });
                a.kind = *kind;
                a.title = t.get("Title").to_string();
                a.start = start;
                a.end = optional(t, "End", DateKind::Scheduled)?;
                a.place = t.get("Place").to_string();
                a.provider = t.get("Provider").to_string();
                a.beneficiary = t.get("Beneficiary agency").to_string();
                a.participants = match t.get("Participants") {
                    "" => 0,
                    n => n.parse().map_err(|_| {
                        format!("Participants: \u{201c}{n}\u{201d} is not a number")
                    })?,
                };
                a.value = match (t.get("Value"), t.get("Currency")) {
                    ("", "") => None,
                    (v, c) => Some(Money::parse(v, c).map_err(|e| format!("Value: {e}"))?),
                };
                a.outcome = t.get("Outcome").to_string();
                a.follow_up = t.get("Follow-up").to_string();
                vec![save(GovernanceRecord::Activity(a))]
            }
        })
    }
}

fn parse(
    text: &str,
    label: &str,
    order: DateOrder,
    kind: DateKind,
    today: NaiveDate,
) -> Result<NaiveDate, String> {
    parse_date_for(text, order, kind, today).map_err(|e| format!("{label}: {e}"))
}

/// The three registers and the form open on one of them.
#[derive(Default)]
pub struct GovernanceView {
    register: Register,
    form: Option<Form>,
    /// Why the form was not saved, naming the field.
    problem: Option<String>,
}

impl GovernanceView {
    /// Shows the meetings and action points with the action point `id` open in its form (an
    /// agenda line activated); the register alone when it is gone.
    pub fn show_action(&mut self, book: &Casebook, id: ActionId, today: NaiveDate) {
        self.register = Register::Meetings;
        self.problem = None;
        let g = book.governance();
        self.form = g.action(id).map(|a| {
            let meeting = a.meeting.and_then(|m| g.meeting(m));
            Form::action(Some(a), meeting, today)
        });
    }

    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        book: &Casebook,
        today: NaiveDate,
        requests: &mut Vec<Request>,
    ) {
        egui::CentralPanel::default().show(ui, |ui| {
            ui.horizontal(|ui| {
                for (register, label) in [
                    (Register::Agreements, "Agreements register"),
                    (Register::Meetings, "Meetings and action points"),
                    (Register::Activities, "Capacity building"),
                ] {
                    ui.selectable_value(&mut self.register, register, label);
                }
            });
            ui.separator();
            egui::ScrollArea::vertical().show(ui, |ui| {
                let opened = match self.register {
                    Register::Agreements => agreements_ui(ui, book, today),
                    Register::Meetings => meetings_ui(ui, book, today),
                    Register::Activities => activities_ui(ui, book),
                };
                if opened.is_some() {
                    self.form = opened;
                    self.problem = None;
                }
            });
        });
        self.form_ui(ui, book, today, requests);
    }

    fn form_ui(
        &mut self,
        ui: &mut egui::Ui,
        book: &Casebook,
        today: NaiveDate,
        requests: &mut Vec<Request>,
    ) {
        let Some(form) = &mut self.form else {
            return;
        };
        let keys = DialogKeys::before(ui.ctx());
        let mut close = false;
        let what = form.what();
        egui::Modal::new(egui::Id::unique("governance form")).show(ui.ctx(), |ui| {
            ui.set_max_width(560.0);
            ui.heading(format!(
                "{}{what}",
                if form_is_new(form) { "New " } else { "Edit " }
            ));
            egui::Grid::new("governance fields")
                .num_columns(2)
                .show(ui, |ui| {
                    choices_ui(ui, form, book);
                    for (label, text) in &mut form.texts_mut().0 {
                        let l = ui.label(*label);
                        ui.add(egui::TextEdit::singleline(text).desired_width(360.0))
                            .labelled_by(l.id);
                        ui.end_row();
                    }
                });
            if let Some(problem) = &self.problem {
                ui.colored_label(ui.visuals().error_fg_color, problem);
            }
            let mut save = false;
            ui.horizontal(|ui| {
                save = ui.button(format!("Save {what}")).clicked();
                close |= ui.button("Cancel").clicked();
                if let Some(id) = form.record()
                    && ui
                        .button(format!("Remove {what}"))
                        .on_hover_text(
                            "Entered by mistake: take it out (kept in the record history; Edit → Undo puts it back)",
                        )
                        .clicked()
                {
                    requests.push(Request::Change(Command::Governance(
                        GovernanceCommand::Remove(id),
                    )));
                    close = true;
                }
            });
            let ctx = ui.ctx().clone();
            close |= escape_closes(ui, keys.escape(&ctx), &*form, what);
            if save {
                match form.commands(book, today) {
                    Ok(commands) => {
                        requests.extend(
                            commands
                                .into_iter()
                                .map(|c| Request::Change(Command::Governance(c))),
                        );
                        close = true;
                    }
                    Err(problem) => self.problem = Some(problem),
                }
            }
        });
        if close {
            self.form = None;
            self.problem = None;
        }
    }
}

fn form_is_new(form: &Form) -> bool {
    form.record().is_none()
}

impl Form {
    /// The record the form edits; none for a new one.
    fn record(&self) -> Option<uuid::Uuid> {
        match self {
            Form::Agreement { old, .. } => old.as_ref().map(|a| a.id.0),
            Form::Meeting { old, .. } => old.as_ref().map(|m| m.id.0),
            Form::Action { old, .. } => old.as_ref().map(|a| a.id.0),
            Form::Activity { old, .. } => old.as_ref().map(|a| a.id.0),
        }
    }
}

/// The form's dropdowns: a kind, a status it may move to, the meeting that raised it.
fn choices_ui(ui: &mut egui::Ui, form: &mut Form, book: &Casebook) {
    let row =
        |ui: &mut egui::Ui, label: &str, add: &mut dyn FnMut(&mut egui::Ui) -> egui::Response| {
            let l = ui.label(label);
            add(ui).labelled_by(l.id);
            ui.end_row();
        };
    match form {
        Form::Agreement {
            old, kind, status, ..
        } => {
            row(ui, "Kind", &mut |ui| {
                dropdown_ui(
                    ui,
                    "agreement kind",
                    kind,
                    AgreementKind::ALL,
                    |k| k.to_string(),
                    240.0,
                )
            });
            let from = old.as_ref().map_or(*status, |a| a.status);
            let mut options = vec![from];
            options.extend(old.as_ref().map_or(&[][..], |_| from.next()));
            row(ui, "Status", &mut |ui| {
                dropdown_ui(
                    ui,
                    "agreement status",
                    status,
                    &options,
                    |s| s.to_string(),
                    240.0,
                )
            });
        }
        Form::Meeting { kind, .. } => {
            row(ui, "Kind", &mut |ui| {
                dropdown_ui(
                    ui,
                    "meeting kind",
                    kind,
                    MeetingKind::ALL,
                    |k| k.to_string(),
                    300.0,
                )
            });
        }
        Form::Action {
            meeting, status, ..
        } => {
            let mut meetings: Vec<Option<MeetingId>> = vec![None];
            meetings.extend(book.governance().meetings().map(|m| Some(m.id)));
            let name = |m: &Option<MeetingId>| {
                m.and_then(|m| book.governance().meeting(m))
                    .map_or_else(|| "No meeting".to_string(), Meeting::title)
            };
            row(ui, "Meeting", &mut |ui| {
                dropdown_ui(ui, "action meeting", meeting, &meetings, name, 300.0)
            });
            row(ui, "Status", &mut |ui| {
                dropdown_ui(
                    ui,
                    "action status",
                    status,
                    ActionStatus::ALL,
                    |s| s.to_string(),
                    200.0,
                )
            });
        }
        Form::Activity { kind, .. } => {
            row(ui, "Kind", &mut |ui| {
                dropdown_ui(
                    ui,
                    "activity kind",
                    kind,
                    ActivityKind::ALL,
                    |k| k.to_string(),
                    300.0,
                )
            });
        }
    }
}

fn agreements_ui(ui: &mut egui::Ui, book: &Casebook, today: NaiveDate) -> Option<Form> {
    let mut opened = None;
    if ui.button("Add agreement…").clicked() {
        opened = Some(Form::agreement(None));
    }
    egui::Grid::new("agreements").striped(true).show(ui, |ui| {
        for h in [
            "Title",
            "Kind",
            "Status",
            "Signed",
            "In force",
            "Next review",
        ] {
            ui.strong(h);
        }
        ui.end_row();
        for a in book.governance().agreements() {
            if ui.link(&a.title).clicked() {
                opened = Some(Form::agreement(Some(a)));
            }
            ui.label(a.kind.to_string());
            ui.label(a.status.to_string());
            ui.label(shown(a.signed));
            ui.label(shown(a.in_force));
            ui.label(shown(a.next_review(today)));
            ui.end_row();
        }
    });
    opened
}

fn meetings_ui(ui: &mut egui::Ui, book: &Casebook, today: NaiveDate) -> Option<Form> {
    let g = book.governance();
    let mut opened = None;
    let mut meetings: Vec<&Meeting> = g.meetings().collect();
    meetings.sort_by_key(|m| std::cmp::Reverse(m.date));
    ui.horizontal(|ui| {
        if ui.button("Add meeting…").clicked() {
            opened = Some(Form::meeting(None, today));
        }
        if ui.button("Add action point…").clicked() {
            opened = Some(Form::action(None, meetings.first().copied(), today));
        }
    });
    for m in &meetings {
        ui.separator();
        if ui.link(m.title()).clicked() {
            opened = Some(Form::meeting(Some(m), today));
        }
        if !m.chair.is_empty() {
            ui.label(format!("Chair: {}", m.chair));
        }
        for d in &m.decisions {
            ui.label(format!("Decision: {d}"));
        }
        let mut actions: Vec<&ActionPoint> =
            g.actions().filter(|a| a.meeting == Some(m.id)).collect();
        actions.sort_by(|a, b| a.number.cmp(&b.number));
        for a in actions {
            action_row(ui, a, today, &mut opened, book);
        }
    }
    let loose: Vec<&ActionPoint> = g.actions().filter(|a| a.meeting.is_none()).collect();
    if !loose.is_empty() {
        ui.separator();
        ui.strong("Action points raised outside a meeting");
        for a in loose {
            action_row(ui, a, today, &mut opened, book);
        }
    }
    opened
}

fn action_row(
    ui: &mut egui::Ui,
    a: &ActionPoint,
    today: NaiveDate,
    opened: &mut Option<Form>,
    book: &Casebook,
) {
    ui.horizontal(|ui| {
        if ui.link(&a.number).clicked() {
            let meeting = a.meeting.and_then(|m| book.governance().meeting(m));
            *opened = Some(Form::action(Some(a), meeting, today));
        }
        ui.label(&a.text);
        ui.label(format!("due {}", shown(Some(a.due))));
        let overdue = a.is_overdue_on(today);
        let status = format!("{}{}", a.status, if overdue { ", overdue" } else { "" });
        if overdue {
            ui.colored_label(ui.visuals().error_fg_color, status);
        } else {
            ui.label(status);
        }
    });
}

fn activities_ui(ui: &mut egui::Ui, book: &Casebook) -> Option<Form> {
    let mut opened = None;
    if ui.button("Add activity…").clicked() {
        opened = Some(Form::activity(None));
    }
    egui::Grid::new("activities").striped(true).show(ui, |ui| {
        for h in [
            "Title",
            "Kind",
            "Start",
            "Participants",
            "Beneficiary",
            "Value",
        ] {
            ui.strong(h);
        }
        ui.end_row();
        let mut activities: Vec<&Activity> = book.governance().activities().collect();
        activities.sort_by_key(|a| std::cmp::Reverse(a.start));
        for a in activities {
            if ui.link(&a.title).clicked() {
                opened = Some(Form::activity(Some(a)));
            }
            ui.label(a.kind.to_string());
            ui.label(shown(Some(a.start)));
            ui.label(a.participants.to_string());
            ui.label(&a.beneficiary);
            ui.label(
                a.value
                    .as_ref()
                    .map_or_else(String::new, ToString::to_string),
            );
            ui.end_row();
        }
    });
    opened
}

/// The agreement a case rests on as the editor's dropdown names it: its title, or "None".
pub fn agreement_name(book: &Casebook, agreement: Option<AgreementId>) -> String {
    match agreement {
        None => "None".into(),
        Some(id) => book
            .governance()
            .agreement(id)
            .map_or_else(|| format!("agreement {id}"), |a| a.title.clone()),
    }
}

/// The case panel's line naming the agreement the case rests on, with where it stands.
pub fn case_agreement_ui(ui: &mut egui::Ui, book: &Casebook, case: &crate::domain::Case) {
    if let Some(a) = case
        .details
        .agreement
        .and_then(|id| book.governance().agreement(id))
    {
        let status = a.status.label().to_lowercase();
        ui.label(format!("Rests on {} ({status})", a.title));
    }
}
