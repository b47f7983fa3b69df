//! What `casedesk set`, `add`, `edit` and `remove` name: a case's fields, and the lists of
//! records it carries (people, offences, hearings, tasks…), each field with its name, help and
//! how its value is read. One table per thing, so the help lists exactly what is accepted and
//! an unknown field or a value that does not fit is refused naming it.

use crate::domain::dates::{DateKind, DateOrder, parse_date_for};
use crate::domain::name::Name;
use crate::domain::particulars::{PclStatus, Sentence};
use crate::domain::{
    AssetAction, AssetOutcome, AssistanceItem, AssistanceProgress, AssistanceType, Assurance,
    AssuranceKind, AsylumClaim, AsylumOutcome, CaseDetails, CaseLink, Casebook, ChecklistItem,
    Country, Currency, DeathPenalty, Decimal, DocumentStatus, DualCriminality, ExternalReference,
    HandlingMarking, Hearing, HearingKind, LegalBasis, LinkKind, Note, Offence, Party, Person,
    PersonId, PersonOutcome, PersonOutcomeKind, ProgrammeArea, RandomIds, RecordId,
    ReferenceAuthority, Role, Seizure, SeizureKind, Task, Urgency, ids::IdSource,
};
use anyhow::{Result, anyhow, bail};
use chrono::NaiveDate;
use std::fmt::{Debug, Display, Write as _};
use std::path::Path;

/// What reading a value needs: the casebook (people and cases named), its date order, today
/// and who is at the keyboard (a note's author); and the people a value names who are not in
/// the casebook yet, saved with the edit (as the window's person picker creates them).
pub struct Cx<'a> {
    pub book: &'a Casebook,
    pub order: DateOrder,
    pub today: NaiveDate,
    pub officer: &'a str,
    pub new_people: std::cell::RefCell<Vec<Person>>,
}

/// One field: its name on the command line, what it holds, and how a value is put in.
pub struct Field<T: 'static> {
    pub name: &'static str,
    pub help: &'static str,
    pub set: fn(&mut T, &str, &Cx) -> Result<(), String>,
}

const fn field<T>(
    name: &'static str,
    help: &'static str,
    set: fn(&mut T, &str, &Cx) -> Result<(), String>,
) -> Field<T> {
    Field { name, help, set }
}

/// "  name  help" lines, for `--help`.
pub fn help_lines<T>(fields: &[Field<T>], out: &mut String) {
    for f in fields {
        let _ = writeln!(out, "  {:<22} {}", f.name, f.help);
    }
}

/// A field's name as typed: any case, `_` or `-` alike.
fn key(name: &str) -> String {
    name.trim().to_lowercase().replace('_', "-")
}

/// Puts each `NAME=VALUE` of `pairs` into `target`; the first that is not `NAME=VALUE`, names
/// no field of `fields`, or holds a value that does not fit is refused, naming it. Returns the
/// names set.
pub fn apply<T>(
    fields: &[Field<T>],
    target: &mut T,
    pairs: &[String],
    cx: &Cx,
    what: &str,
) -> Result<Vec<&'static str>> {
    let mut set = Vec::new();
    for pair in pairs {
        let (name, value) = pair
            .split_once('=')
            .ok_or_else(|| anyhow!("\"{pair}\": write it as FIELD=VALUE"))?;
        let wanted = key(name);
        let Some(f) = fields.iter().find(|f| f.name == wanted) else {
            let names: Vec<&str> = fields.iter().map(|f| f.name).collect();
            bail!(
                "\"{name}\" is not a field of {what}; its fields are: {}",
                names.join(", ")
            );
        };
        (f.set)(target, value, cx).map_err(|e| anyhow!("{}: {e}", f.name))?;
        set.push(f.name);
    }
    Ok(set)
}

fn text(v: &str) -> String {
    v.trim().to_string()
}

/// The most a text read from a file may hold: a provision's wording, not a statute book.
const MAX_TEXT_FILE_BYTES: u64 = 1 << 20;

/// Text of several lines as typed, or read from the UTF-8 file named after `@` (a statute's
/// wording is long, and pasted more easily into a file than onto a command line).
fn multiline(v: &str) -> Result<String, String> {
    let Some(path) = v.trim().strip_prefix('@') else {
        return Ok(text(v));
    };
    let path = path.trim();
    let read = crate::store::read_at_most(Path::new(path), MAX_TEXT_FILE_BYTES)
        .map_err(|e| format!("could not read {path}: {e}"))?
        .ok_or_else(|| format!("{path} is larger than 1 MiB: more than a provision's wording"))?;
    let read = String::from_utf8(read)
        .map_err(|_| format!("{path} is not UTF-8 text: save it as UTF-8 and try again"))?;
    Ok(text(&read.replace("\r\n", "\n")))
}

fn date(v: &str, kind: DateKind, cx: &Cx) -> Result<NaiveDate, String> {
    parse_date_for(v, cx.order, kind, cx.today)
}

/// A date, or none when left empty.
fn optional_date(v: &str, kind: DateKind, cx: &Cx) -> Result<Option<NaiveDate>, String> {
    if v.trim().is_empty() {
        return Ok(None);
    }
    date(v, kind, cx).map(Some)
}

fn yes_no(v: &str) -> Result<bool, String> {
    match v.trim().to_lowercase().as_str() {
        "yes" | "y" | "true" => Ok(true),
        "no" | "n" | "false" => Ok(false),
        _ => Err(format!("\"{}\" is not yes or no", v.trim())),
    }
}

/// Letters and digits only, in lower case: how a choice is matched.
fn plain(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// One of `all`, by its label or its name ("Requested person", "requested-person"); refused
/// listing the choices.
pub fn choice<E: Copy + Debug + Display>(all: &[E], v: &str) -> Result<E, String> {
    let wanted = plain(v);
    all.iter()
        .copied()
        .find(|e| plain(&e.to_string()) == wanted || plain(&format!("{e:?}")) == wanted)
        .ok_or_else(|| {
            let names: Vec<String> = all.iter().map(ToString::to_string).collect();
            format!("\"{}\" is not one of: {}", v.trim(), names.join("; "))
        })
}

/// Several of `all`, separated by commas; none when left empty.
fn choices<E: Copy + Debug + Display>(all: &[E], v: &str) -> Result<Vec<E>, String> {
    v.split(',')
        .filter(|s| !s.trim().is_empty())
        .map(|s| choice(all, s))
        .collect()
}

/// A person of the casebook, by their id or their name (any case); refused when none or
/// several are called so.
fn person(v: &str, cx: &Cx) -> Result<PersonId, String> {
    let wanted = v.trim();
    let found: Vec<_> = cx
        .book
        .people()
        .iter()
        .filter(|p| p.id.to_string() == wanted || p.name.trim().eq_ignore_ascii_case(wanted))
        .collect();
    match found.as_slice() {
        [one] => Ok(one.id),
        [] => Err(format!(
            "no person called \"{wanted}\" in the casebook (new-person=NAME adds them)"
        )),
        _ => Err(format!(
            "{} people are called \"{wanted}\": give the id of the one meant ({})",
            found.len(),
            found
                .iter()
                .map(|p| p.id.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// The fields `casedesk set` changes on a case.
pub const CASE: &[Field<CaseDetails>] = &[
    field("summary", "The statement of facts", |d, v, _| {
        d.summary = text(v);
        Ok(())
    }),
    field(
        "requesting-state",
        "The requesting state, e.g. Pakistan",
        |d, v, _| {
            d.requesting_state = Country(Name::from(text(v)));
            Ok(())
        },
    ),
    field(
        "requested-state",
        "The requested state, e.g. United Kingdom",
        |d, v, _| {
            d.requested_state = Country(Name::from(text(v)));
            Ok(())
        },
    ),
    field(
        "requesting-authority",
        "The authority making the request, e.g. Ministry of Interior",
        |d, v, _| {
            d.requesting_authority = Name::from(text(v));
            Ok(())
        },
    ),
    field(
        "legal-basis",
        "Comma-separated, e.g. \"SpecialArrangement, Untoc\"; empty clears it",
        |d, v, _| {
            d.legal_basis = choices(LegalBasis::ALL, v)?;
            Ok(())
        },
    ),
    field(
        "agreement",
        "The agreement in the register it rests on, by title; empty clears it",
        |d, v, cx| {
            d.agreement = match text(v).as_str() {
                "" => None,
                title => Some(
                    cx.book
                        .governance()
                        .agreement_named(title)
                        .ok_or_else(|| {
                            format!("no agreement is called \u{201c}{title}\u{201d} (casedesk agreements lists them)")
                        })?
                        .id,
                ),
            };
            Ok(())
        },
    ),
    field("area", "The programme area, e.g. Narcotics", |d, v, _| {
        d.area = choice(ProgrammeArea::ALL, v)?;
        Ok(())
    }),
    field(
        "marking",
        "OFFICIAL, OFFICIAL-SENSITIVE or SECRET",
        |d, v, _| {
            d.marking = choice(HandlingMarking::ALL, v)?;
            Ok(())
        },
    ),
    field("ncnd", "Neither confirm nor deny: yes or no", |d, v, _| {
        d.ncnd = yes_no(v)?;
        Ok(())
    }),
    field("officer", "The assigned officer", |d, v, _| {
        d.assigned_officer = Name::from(text(v));
        Ok(())
    }),
    field(
        "tags",
        "Comma-separated tags; empty clears them",
        |d, v, _| {
            d.tags = v
                .split(',')
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(Name::from)
                .collect();
            Ok(())
        },
    ),
    field(
        "urgency",
        "MLA: Routine, Priority, Urgent or Immediate",
        |d, v, _| {
            d.mla.urgency = choice(Urgency::ALL, v)?;
            Ok(())
        },
    ),
    field(
        "required-by",
        "MLA: the date the assistance is needed by; empty clears it",
        |d, v, cx| {
            d.mla.required_by = optional_date(v, DateKind::Scheduled, cx)?;
            Ok(())
        },
    ),
    field("required-by-reason", "MLA: why by then", |d, v, _| {
        d.mla.required_by_reason = text(v);
        Ok(())
    }),
    field(
        "passport",
        "Returns: the valid passport held (number, expiry); empty clears it",
        |d, v, _| {
            d.workstream.passport = text(v);
            Ok(())
        },
    ),
    field(
        "ers-date",
        "Returns: the Early Removal Scheme date the prison gave; empty clears it",
        |d, v, cx| {
            d.workstream.ers_date = optional_date(v, DateKind::Scheduled, cx)?;
            Ok(())
        },
    ),
    field(
        "biometrics",
        "Conviction data: fingerprints or other biometrics go with it: yes or no",
        |d, v, _| {
            d.workstream.biometrics = yes_no(v)?;
            Ok(())
        },
    ),
    field(
        "processing-condition",
        "Conviction data: the Schedule 8 condition for the biometrics (DPA 2018 s.35)",
        |d, v, _| {
            d.workstream.processing_condition = text(v);
            Ok(())
        },
    ),
    field(
        "relevant-date",
        "Offender alert: the conviction or caution date the notification period runs from",
        |d, v, cx| {
            d.workstream.relevant_date = optional_date(v, DateKind::Happened, cx)?;
            Ok(())
        },
    ),
    field(
        "sentence",
        "Offender alert: months of imprisonment (e.g. \"18 months\") or \"caution\"; empty clears it",
        |d, v, _| {
            d.workstream.sentence = Sentence::parse(v)?;
            Ok(())
        },
    ),
    field(
        "under-18",
        "Offender alert: under 18 on the relevant date: yes or no",
        |d, v, _| {
            d.workstream.under_18 = yes_no(v)?;
            Ok(())
        },
    ),
    field(
        "pcl",
        "Offender alert: \"proposed\" for the Passport Control List (no clock); empty clears it",
        |d, v, _| {
            d.workstream.pcl = match v.trim() {
                "" => None,
                v => Some(choice(PclStatus::ALL, v)?),
            };
            Ok(())
        },
    ),
];

/// A list of records a case carries, as `add`, `edit` and `remove` reach it.
pub trait Records: Sync {
    /// Its name on the command line, e.g. "hearing".
    fn name(&self) -> &'static str;
    /// "  field  help" lines, the required ones said so.
    fn help(&self, out: &mut String);
    /// Adds a record made of `pairs`; says what was added.
    fn add(&self, d: &mut CaseDetails, pairs: &[String], cx: &Cx) -> Result<String>;
    /// Changes the record `which` names by `pairs`; says which.
    fn edit(&self, d: &mut CaseDetails, which: &str, pairs: &[String], cx: &Cx) -> Result<String>;
    /// Removes the record `which` names; says which.
    fn remove(&self, d: &mut CaseDetails, which: &str, cx: &Cx) -> Result<String>;
}

/// One list: its fields, those a new record must have, a blank record, where the list is, and
/// how a record is named (to pick it and to say what was done).
pub struct Record<T: 'static> {
    pub name: &'static str,
    pub fields: &'static [Field<T>],
    /// The fields a new record must be given; "a|b": one of them.
    pub required: &'static [&'static str],
    pub blank: fn(&Cx) -> T,
    pub list: fn(&mut CaseDetails) -> &mut Vec<T>,
    pub title: fn(&T, &Cx) -> String,
}

impl<T: Sync + 'static> Record<T> {
    /// The position of the record `which` names: its number (1 for the first), or words its
    /// title contains (any case), naming one record only.
    fn find(&self, list: &[T], which: &str, cx: &Cx) -> Result<usize> {
        let titles: Vec<String> = list.iter().map(|r| (self.title)(r, cx)).collect();
        let listed = || {
            if titles.is_empty() {
                format!("the case has no {}", self.name)
            } else {
                let lines: Vec<String> = titles
                    .iter()
                    .enumerate()
                    .map(|(i, t)| format!("{}. {t}", i + 1))
                    .collect();
                format!("its {}s: {}", self.name, lines.join("; "))
            }
        };
        if let Ok(n) = which.trim().parse::<usize>() {
            return match n.checked_sub(1).filter(|i| *i < list.len()) {
                Some(i) => Ok(i),
                None => bail!("There is no {} number {n}: {}", self.name, listed()),
            };
        }
        let wanted = which.trim().to_lowercase();
        let found: Vec<usize> = (0..titles.len())
            .filter(|&i| titles[i].to_lowercase().contains(&wanted))
            .collect();
        match found.as_slice() {
            [i] => Ok(*i),
            [] => bail!("No {} matches \"{which}\": {}", self.name, listed()),
            _ => bail!(
                "{} {}s match \"{which}\": give its number; {}",
                found.len(),
                self.name,
                listed()
            ),
        }
    }

    /// "a hearing", "an offence".
    fn what(&self) -> String {
        let an = self.name.starts_with(['a', 'e', 'i', 'o', 'u']);
        format!("{} {}", if an { "an" } else { "a" }, self.name)
    }
}

impl<T: Sync + 'static> Records for Record<T> {
    fn name(&self) -> &'static str {
        self.name
    }

    fn help(&self, out: &mut String) {
        for f in self.fields {
            let needed = if (self.required.iter()).any(|r| r.split('|').any(|a| a == f.name)) {
                " (needed)"
            } else {
                ""
            };
            let _ = writeln!(out, "  {:<20} {}{needed}", f.name, f.help);
        }
    }

    fn add(&self, d: &mut CaseDetails, pairs: &[String], cx: &Cx) -> Result<String> {
        let mut record = (self.blank)(cx);
        let set = apply(self.fields, &mut record, pairs, cx, &self.what())?;
        let missing: Vec<String> = (self.required.iter())
            .filter(|r| !r.split('|').any(|a| set.contains(&a)))
            .map(|r| {
                (r.split('|'))
                    .map(|a| format!("{a}=…"))
                    .collect::<Vec<_>>()
                    .join(" or ")
            })
            .collect();
        if !missing.is_empty() {
            let what = self.what();
            bail!(
                "{}{} needs {}",
                what[..1].to_uppercase(),
                &what[1..],
                missing.join(" ")
            );
        }
        let title = (self.title)(&record, cx);
        let list = (self.list)(d);
        list.push(record);
        Ok(format!("added {} {}: {title}", self.name, list.len()))
    }

    fn edit(&self, d: &mut CaseDetails, which: &str, pairs: &[String], cx: &Cx) -> Result<String> {
        if pairs.is_empty() {
            bail!("Say what to change, as FIELD=VALUE");
        }
        let list = (self.list)(d);
        let i = self.find(list, which, cx)?;
        apply(self.fields, &mut list[i], pairs, cx, &self.what())?;
        Ok(format!(
            "changed {} {}: {}",
            self.name,
            i + 1,
            (self.title)(&list[i], cx)
        ))
    }

    fn remove(&self, d: &mut CaseDetails, which: &str, cx: &Cx) -> Result<String> {
        let list = (self.list)(d);
        let i = self.find(list, which, cx)?;
        let gone = list.remove(i);
        Ok(format!(
            "removed {} {}: {}",
            self.name,
            i + 1,
            (self.title)(&gone, cx)
        ))
    }
}

fn new_id() -> RecordId {
    RecordId(RandomIds.next_uuid())
}

fn day(d: Option<NaiveDate>) -> String {
    d.map_or_else(|| "not yet".into(), |d| d.to_string())
}

const PARTY: Record<Party> = Record {
    name: "person",
    fields: &[
        field(
            "name",
            "A person of the casebook, by name or id",
            |p, v, cx| {
                p.person = person(v, cx)?;
                Ok(())
            },
        ),
        field(
            "new-person",
            "A person not in the casebook yet, by name: added to it",
            |p, v, cx| {
                let name = text(v);
                if name.is_empty() {
                    return Err("enter the person's name".into());
                }
                p.person = PersonId(RandomIds.next_uuid());
                cx.new_people.borrow_mut().push(Person::new(p.person, name));
                Ok(())
            },
        ),
        field(
            "role",
            "e.g. Requested person, Suspect, Witness",
            |p, v, _| {
                p.role = choice(Role::ALL, v)?;
                Ok(())
            },
        ),
    ],
    required: &["name|new-person", "role"],
    blank: |_| Party {
        person: PersonId(uuid::Uuid::nil()),
        role: Role::Witness,
    },
    list: |d| &mut d.parties,
    title: |p, cx| {
        let new = cx.new_people.borrow();
        let name = (cx
            .book
            .person(p.person)
            .or_else(|| new.iter().find(|x| x.id == p.person)))
        .map_or("?", |x| x.name.as_str());
        format!("{name} ({})", p.role)
    },
};

const OFFENCE: Record<Offence> = Record {
    name: "offence",
    fields: &[
        field("description", "What the offence is", |o, v, _| {
            o.description = Name::from(text(v));
            Ok(())
        }),
        field("area", "The programme area, e.g. Narcotics", |o, v, _| {
            o.area = choice(ProgrammeArea::ALL, v)?;
            Ok(())
        }),
        field("statute", "e.g. PPC s.302", |o, v, _| {
            o.statute = Name::from(text(v));
            Ok(())
        }),
        field(
            "law-text",
            "The wording of the provision, for the letter of request; @FILE reads it from a text file",
            |o, v, _| {
                o.law_text = multiline(v)?;
                Ok(())
            },
        ),
        field("max-penalty", "The maximum penalty", |o, v, _| {
            o.max_penalty = Name::from(text(v));
            Ok(())
        }),
        field(
            "death-penalty",
            "Not assessed, Available or Not available",
            |o, v, _| {
                o.death_penalty = choice(DeathPenalty::ALL, v)?;
                Ok(())
            },
        ),
        field("equivalent", "The equivalent offence here", |o, v, _| {
            o.equivalent_offence = Name::from(text(v));
            Ok(())
        }),
        field(
            "dual-criminality",
            "Not assessed, Satisfied, Not satisfied or Unclear",
            |o, v, _| {
                o.dual_criminality = choice(DualCriminality::ALL, v)?;
                Ok(())
            },
        ),
    ],
    required: &["description"],
    blank: |_| Offence {
        id: new_id(),
        description: Name::default(),
        area: ProgrammeArea::Other,
        statute: Name::default(),
        law_text: String::new(),
        max_penalty: Name::default(),
        death_penalty: DeathPenalty::NotAssessed,
        equivalent_offence: Name::default(),
        dual_criminality: DualCriminality::NotAssessed,
    },
    list: |d| &mut d.offences,
    title: |o, _| o.description.to_string(),
};

const HEARING: Record<Hearing> = Record {
    name: "hearing",
    fields: &[
        field("date", "The day of the hearing", |h, v, cx| {
            h.date = date(v, DateKind::Scheduled, cx)?;
            Ok(())
        }),
        field(
            "kind",
            "e.g. Initial hearing, Extradition hearing, Appeal",
            |h, v, _| {
                h.kind = choice(HearingKind::ALL, v)?;
                Ok(())
            },
        ),
        field("court", "The court", |h, v, _| {
            h.court = Name::from(text(v));
            Ok(())
        }),
        field("outcome", "What it decided", |h, v, _| {
            h.outcome = text(v);
            Ok(())
        }),
        field(
            "public",
            "Held in open court (a partner export may show it): yes or no",
            |h, v, _| {
                h.public = yes_no(v)?;
                Ok(())
            },
        ),
    ],
    required: &["date", "kind"],
    blank: |cx| Hearing {
        id: new_id(),
        date: cx.today,
        kind: HearingKind::Other,
        court: Name::default(),
        outcome: String::new(),
        public: false,
    },
    list: |d| &mut d.hearings,
    title: |h, _| format!("{} {}", h.date, h.kind),
};

const TASK: Record<Task> = Record {
    name: "task",
    fields: &[
        field("text", "What is to be done", |t, v, _| {
            t.text = text(v);
            Ok(())
        }),
        field("due", "The day it is due; empty for none", |t, v, cx| {
            t.due = optional_date(v, DateKind::Scheduled, cx)?;
            Ok(())
        }),
        field(
            "for",
            "Who it is for (the case's officer when empty)",
            |t, v, _| {
                t.assignee = Name::from(text(v));
                Ok(())
            },
        ),
        field("done", "yes or no", |t, v, _| {
            t.done = yes_no(v)?;
            Ok(())
        }),
    ],
    required: &["text"],
    blank: |_| Task {
        id: new_id(),
        text: String::new(),
        due: None,
        done: false,
        assignee: Name::default(),
    },
    list: |d| &mut d.tasks,
    title: |t, _| t.text.clone(),
};

const NOTE: Record<Note> = Record {
    name: "note",
    fields: &[
        field("text", "The note", |n, v, _| {
            n.text = text(v);
            Ok(())
        }),
        field(
            "written",
            "The day it was written (today when left out)",
            |n, v, cx| {
                n.written = date(v, DateKind::Happened, cx)?;
                Ok(())
            },
        ),
        field("author", "Who wrote it (you when left out)", |n, v, _| {
            n.author = Name::from(text(v));
            Ok(())
        }),
    ],
    required: &["text"],
    blank: |cx| Note {
        id: new_id(),
        written: cx.today,
        author: Name::from(cx.officer.to_string()),
        text: String::new(),
    },
    list: |d| &mut d.notes,
    title: |n, _| n.text.clone(),
};

const CHECKLIST: Record<ChecklistItem> = Record {
    name: "checklist",
    fields: &[
        field("label", "The document", |c, v, _| {
            c.label = Name::from(text(v));
            Ok(())
        }),
        field(
            "required",
            "Blocks the gated states until satisfied: yes or no",
            |c, v, _| {
                c.required = yes_no(v)?;
                Ok(())
            },
        ),
        field(
            "status",
            "Missing, Requested, Received, Verified, Deficient or Not applicable",
            |c, v, _| {
                c.status = choice(DocumentStatus::ALL, v)?;
                Ok(())
            },
        ),
        field("note", "A note on it", |c, v, _| {
            c.note = text(v);
            Ok(())
        }),
    ],
    required: &["label"],
    blank: |_| ChecklistItem {
        id: new_id(),
        label: Name::default(),
        required: false,
        status: DocumentStatus::Missing,
        note: String::new(),
    },
    list: |d| &mut d.checklist,
    title: |c, _| format!("{} ({})", c.label, c.status),
};

const ASSURANCE: Record<Assurance> = Record {
    name: "assurance",
    fields: &[
        field(
            "kind",
            "Death penalty, Speciality, Fair trial or Use limitation",
            |a, v, _| {
                a.kind = choice(AssuranceKind::ALL, v)?;
                Ok(())
            },
        ),
        field("requested", "The day it was asked for", |a, v, cx| {
            a.requested = optional_date(v, DateKind::Happened, cx)?;
            Ok(())
        }),
        field("received", "The day it was received", |a, v, cx| {
            a.received = optional_date(v, DateKind::Happened, cx)?;
            Ok(())
        }),
        field("accepted", "The day it was accepted", |a, v, cx| {
            a.accepted = optional_date(v, DateKind::Happened, cx)?;
            Ok(())
        }),
        field("note", "A note on it", |a, v, _| {
            a.note = text(v);
            Ok(())
        }),
    ],
    required: &["kind"],
    blank: |_| Assurance {
        id: new_id(),
        kind: AssuranceKind::Speciality,
        requested: None,
        received: None,
        accepted: None,
        note: String::new(),
    },
    list: |d| &mut d.assurances,
    title: |a, _| format!("{} (accepted {})", a.kind, day(a.accepted)),
};

const ASSISTANCE: Record<AssistanceItem> = Record {
    name: "assistance",
    fields: &[
        field(
            "kind",
            "e.g. Witness statement, Banking records, Search and seizure",
            |a, v, _| {
                a.kind = choice(AssistanceType::ALL, v)?;
                Ok(())
            },
        ),
        field("description", "What exactly is sought", |a, v, _| {
            a.description = text(v);
            Ok(())
        }),
        field(
            "progress",
            "Pending, In progress, Delivered or Refused",
            |a, v, _| {
                a.progress = choice(AssistanceProgress::ALL, v)?;
                Ok(())
            },
        ),
    ],
    required: &["kind"],
    blank: |_| AssistanceItem {
        id: new_id(),
        kind: AssistanceType::Other,
        description: String::new(),
        progress: AssistanceProgress::Pending,
    },
    list: |d| &mut d.mla.assistance,
    title: |a, _| format!("{}: {} ({})", a.kind, a.description, a.progress),
};

const REFERENCE: Record<ExternalReference> = Record {
    name: "reference",
    fields: &[
        field("authority", "e.g. UKCA (MLI), FIA, Court", |r, v, _| {
            r.authority = choice(ReferenceAuthority::ALL, v)?;
            Ok(())
        }),
        field("value", "The reference itself", |r, v, _| {
            r.value = text(v);
            Ok(())
        }),
    ],
    required: &["authority", "value"],
    blank: |_| ExternalReference {
        id: new_id(),
        authority: ReferenceAuthority::Other,
        value: String::new(),
    },
    list: |d| &mut d.external_references,
    title: |r, _| format!("{}: {}", r.authority, r.value),
};

const LINK: Record<CaseLink> = Record {
    name: "link",
    fields: &[
        field("case", "The linked case's reference", |l, v, cx| {
            l.case = cx
                .book
                .case_by_reference(v.trim())
                .map(|c| c.id)
                .ok_or_else(|| format!("no case with reference {}", v.trim()))?;
            Ok(())
        }),
        field(
            "kind",
            "e.g. Same subject, Alternative removal, Related",
            |l, v, _| {
                l.kind = choice(LinkKind::ALL, v)?;
                Ok(())
            },
        ),
    ],
    required: &["case", "kind"],
    blank: |_| CaseLink {
        case: crate::domain::CaseId(uuid::Uuid::nil()),
        kind: LinkKind::Related,
    },
    list: |d| &mut d.links,
    title: |l, cx| {
        let reference = cx.book.case(l.case).map_or("?", |c| c.reference.as_str());
        format!("{reference} ({})", l.kind)
    },
};

const ASYLUM_CLAIM: Record<AsylumClaim> = Record {
    name: "asylum-claim",
    fields: &[
        field("made", "The day the claim was made", |a, v, cx| {
            a.made = date(v, DateKind::Happened, cx)?;
            Ok(())
        }),
        field(
            "outcome",
            "Pending, Granted, Refused or Withdrawn (pending blocks surrender, s.121)",
            |a, v, _| {
                a.outcome = choice(AsylumOutcome::ALL, v)?;
                Ok(())
            },
        ),
        field(
            "decided",
            "The day it was finally determined or withdrawn",
            |a, v, cx| {
                a.decided = optional_date(v, DateKind::Happened, cx)?;
                Ok(())
            },
        ),
        field("note", "A note on it", |a, v, _| {
            a.note = text(v);
            Ok(())
        }),
    ],
    required: &["made"],
    blank: |_| AsylumClaim {
        id: new_id(),
        made: NaiveDate::MIN,
        outcome: AsylumOutcome::Pending,
        decided: None,
        note: String::new(),
    },
    list: |d| &mut d.asylum_claims,
    title: |a, _| format!("made {} ({})", a.made, a.outcome),
};

const PERSON_OUTCOME: Record<PersonOutcome> = Record {
    name: "person-outcome",
    fields: &[
        field(
            "kind",
            "Surrendered, Returned (foreign national offender), Returned (immigration offender) or Transferred",
            |o, v, _| {
                o.kind = choice(PersonOutcomeKind::ALL, v)?;
                Ok(())
            },
        ),
        field("date", "The day it happened", |o, v, cx| {
            o.date = date(v, DateKind::Happened, cx)?;
            Ok(())
        }),
        field(
            "person",
            "Who: a person of the casebook, by name or id",
            |o, v, cx| {
                o.person = if v.trim().is_empty() {
                    None
                } else {
                    Some(person(v, cx)?)
                };
                Ok(())
            },
        ),
        field("note", "A note on it", |o, v, _| {
            o.note = text(v);
            Ok(())
        }),
    ],
    required: &["kind", "date"],
    blank: |cx| PersonOutcome {
        id: new_id(),
        kind: PersonOutcomeKind::Surrendered,
        date: cx.today,
        person: None,
        note: String::new(),
    },
    list: |d| &mut d.outcomes.persons,
    title: |o, _| format!("{} on {}", o.kind, o.date),
};

const ASSET: Record<AssetOutcome> = Record {
    name: "asset",
    fields: &[
        field(
            "action",
            "Restrained, Confiscated or Returned",
            |a, v, _| {
                a.action = choice(AssetAction::ALL, v)?;
                Ok(())
            },
        ),
        field("date", "The day of the order or return", |a, v, cx| {
            a.date = date(v, DateKind::Happened, cx)?;
            Ok(())
        }),
        field(
            "amount",
            "Exact, e.g. 1250000.50 or 1,250,000.50",
            |a, v, _| {
                a.amount = Decimal::parse(v).map_err(|e| e.to_string())?;
                Ok(())
            },
        ),
        field(
            "currency",
            "ISO 4217 code, e.g. PKR, GBP, USD",
            |a, v, _| {
                a.currency = Currency::parse(v)?;
                Ok(())
            },
        ),
        field(
            "converted-on",
            "The day of the exchange rate, if converted from another currency",
            |a, v, cx| {
                a.converted_on = optional_date(v, DateKind::Happened, cx)?;
                Ok(())
            },
        ),
        field("note", "A note on it", |a, v, _| {
            a.note = text(v);
            Ok(())
        }),
    ],
    required: &["action", "date", "amount", "currency"],
    blank: |cx| AssetOutcome {
        id: new_id(),
        action: AssetAction::Restrained,
        date: cx.today,
        amount: Decimal::ZERO,
        currency: Currency::pound_sterling(),
        converted_on: None,
        note: String::new(),
    },
    list: |d| &mut d.outcomes.assets,
    title: |a, _| {
        format!(
            "{} {} {} on {}",
            a.action,
            a.amount.grouped(),
            a.currency,
            a.date
        )
    },
};

const SEIZURE: Record<Seizure> = Record {
    name: "seizure",
    fields: &[
        field(
            "kind",
            "Drugs, Cash, Firearms, Vehicles, Electronic devices, Documents or Other",
            |s, v, _| {
                s.kind = choice(SeizureKind::ALL, v)?;
                Ok(())
            },
        ),
        field("date", "The day of the seizure", |s, v, cx| {
            s.date = date(v, DateKind::Happened, cx)?;
            Ok(())
        }),
        field("quantity", "How much, exact, e.g. 12.5", |s, v, _| {
            s.quantity = Decimal::parse(v).map_err(|e| e.to_string())?;
            Ok(())
        }),
        field(
            "unit",
            "e.g. kg, items, rounds; empty for items",
            |s, v, _| {
                s.unit = text(v);
                Ok(())
            },
        ),
        field(
            "value",
            "Its value, exact; empty if not known",
            |s, v, _| {
                s.value = if v.trim().is_empty() {
                    None
                } else {
                    Some(Decimal::parse(v).map_err(|e| e.to_string())?)
                };
                Ok(())
            },
        ),
        field(
            "currency",
            "The value's ISO 4217 code, e.g. PKR",
            |s, v, _| {
                s.currency = if v.trim().is_empty() {
                    None
                } else {
                    Some(Currency::parse(v)?)
                };
                Ok(())
            },
        ),
        field("note", "A note on it", |s, v, _| {
            s.note = text(v);
            Ok(())
        }),
    ],
    required: &["kind", "date", "quantity"],
    blank: |cx| Seizure {
        id: new_id(),
        kind: SeizureKind::Other,
        date: cx.today,
        quantity: Decimal::ZERO,
        unit: String::new(),
        value: None,
        currency: None,
        note: String::new(),
    },
    list: |d| &mut d.outcomes.seizures,
    title: |s, _| {
        format!(
            "{}: {} {} on {}",
            s.kind,
            s.quantity.grouped(),
            s.unit,
            s.date
        )
    },
};

/// Every list `add`, `edit` and `remove` reach, by its name.
pub const RECORDS: &[&dyn Records] = &[
    &PARTY,
    &OFFENCE,
    &HEARING,
    &TASK,
    &NOTE,
    &CHECKLIST,
    &ASSURANCE,
    &ASSISTANCE,
    &REFERENCE,
    &LINK,
    &ASYLUM_CLAIM,
    &PERSON_OUTCOME,
    &ASSET,
    &SEIZURE,
];

/// The list called `name`; refused listing them.
pub fn records(name: &str) -> Result<&'static dyn Records> {
    let wanted = key(name);
    RECORDS
        .iter()
        .copied()
        .find(|r| r.name() == wanted)
        .ok_or_else(|| {
            let names: Vec<&str> = RECORDS.iter().map(|r| r.name()).collect();
            anyhow!(
                "\"{name}\" is not something a case lists; it lists: {}",
                names.join(", ")
            )
        })
}

/// The fields of every list, for `--help`.
pub fn records_help() -> String {
    let mut out = String::new();
    for r in RECORDS {
        let _ = writeln!(out, "{}:", r.name());
        r.help(&mut out);
    }
    out
}
