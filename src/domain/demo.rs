//! A realistic, deterministic demo casebook, for the sample workspace, training, screenshots
//! and load tests.
//!
//! Everything is built through [`Casebook::apply`], so every history obeys the workflow tables,
//! records what each transition must record, carries the facts each state needs and passes the
//! checklist and assurance gates (or overrides them with a reason, as officers sometimes do).
//! Pure: no I/O, no clock reads, no `rand`; ids and choices come from splitmix64 seeded by the
//! caller, so the same seed and "today" give the same casebook.

use super::case::{
    AssistanceItem, AssistanceProgress, AssistanceType, Assurance, AssuranceKind, CaseDetails,
    CaseKind, CaseLink, Country, DeathPenalty, Direction, DocumentStatus, DualCriminality,
    ExternalReference, HandlingMarking, Hearing, HearingKind, LegalBasis, LinkKind, Note, Offence,
    Party, ProgrammeArea, ReferenceAuthority, Role, Task, Urgency,
};
use super::casebook::{Casebook, Command, Ctx, Settings};
use super::clock::{ClockKey, clocks};
use super::event::DetailValue;
use super::ids::{
    AgencyId, CaseId, ContactId, IdSource, PersonId, RecordId, SeededIds, splitmix64,
};
use super::person::{Agency, Contact, DocumentKind, IdentityDocument, Person, Source};
use super::transition::{TransitionRequest, blockers, required_assurances};
use super::workflow::{
    Detail, DetailKind, IncomingState as A, MlaState as C, OutgoingState as B, Status, Workflow,
};
use chrono::{DateTime, Datelike, Months, NaiveDate, NaiveTime, TimeDelta, Utc};
use std::collections::HashMap;

/// A realistic synthetic casebook of `cases` cases. Same seed and today, same casebook.
pub fn generate(cases: usize, seed: u64, today: NaiveDate) -> Casebook {
    generate_checked(cases, seed, today).0
}

/// The casebook and every command the casebook refused (each one a bug in the generator; the
/// step is skipped and the case stops where it got to).
fn generate_checked(cases: usize, seed: u64, today: NaiveDate) -> (Casebook, Vec<String>) {
    let mut g = Gen::new(seed, today);
    g.settings();
    g.agencies_and_contacts();
    let mut plans: Vec<Plan> = (0..cases).map(|i| g.plan(i)).collect();
    let links: Vec<(CaseId, CaseId, LinkKind)> = plans
        .iter()
        .filter_map(|p| p.link.map(|(other, kind)| (p.id, other, kind)))
        .collect();
    let people: Vec<Person> = plans
        .iter_mut()
        .flat_map(|p| std::mem::take(&mut p.people))
        .collect();
    let morning = g.at(today, 8, 0);
    for person in people {
        g.context = person.name.clone();
        g.apply(morning, Command::SavePerson(Box::new(person)));
    }
    // Cases are opened in date order, so references run in date order within each year.
    plans.sort_by_key(|p| (p.opened, p.index));
    for plan in plans {
        g.run(plan);
    }
    for (a, b, kind) in links {
        g.link(a, b, kind);
    }
    (g.book, g.errors)
}

/// About three years of history before "today".
const WINDOW_DAYS: i64 = 1095;

// ---------------------------------------------------------------------------------------------
// Randomness

/// splitmix64 with the few helpers the generator needs.
struct Rng {
    state: u64,
}

impl Rng {
    fn new(seed: u64) -> Self {
        Self {
            state: seed ^ 0xD1B5_4A32_D192_ED03,
        }
    }

    fn next_u64(&mut self) -> u64 {
        splitmix64(&mut self.state)
    }

    /// `0..n`; 0 when `n` is 0.
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }

    /// `lo..=hi`; `lo` when the range is empty.
    fn int(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            lo
        } else {
            lo + (self.next_u64() % (hi - lo + 1) as u64) as i64
        }
    }

    fn chance(&mut self, p: f64) -> bool {
        ((self.next_u64() >> 11) as f64) / ((1u64 << 53) as f64) < p
    }

    /// One of a non-empty constant list.
    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    /// One of a list that may be empty.
    fn pick_from<T: Copy>(&mut self, items: &[T]) -> Option<T> {
        items.get(self.below(items.len())).copied()
    }

    fn weighted<T: Copy>(&mut self, items: &[(T, u32)]) -> T {
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

    fn digits(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| char::from(b'0' + self.below(10) as u8))
            .collect()
    }

    fn letters(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| char::from(b'A' + self.below(26) as u8))
            .collect()
    }

    /// Days from today to a recorded due date: some overdue, some due within a week, most later.
    fn due_offset(&mut self) -> i64 {
        match self.below(100) {
            0..30 => self.int(-40, -1),
            30..55 => self.int(0, 7),
            _ => self.int(8, 90),
        }
    }
}

fn add_days(date: NaiveDate, days: i64) -> NaiveDate {
    TimeDelta::try_days(days)
        .and_then(|d| date.checked_add_signed(d))
        .unwrap_or(date)
}

fn money(pounds: i64) -> String {
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

// ---------------------------------------------------------------------------------------------
// Pick lists

const TEAM: &[&str] = &[
    "Demo officer",
    "Amir Chaudhry",
    "Helen Marsh",
    "Tom Okafor",
    "Rukhsana Begum",
    "David Ellis",
];

const PK_MALE: &[&str] = &[
    "Imran", "Ali", "Ahmed", "Usman", "Bilal", "Hamza", "Faisal", "Tariq", "Asif", "Kamran",
    "Shahid", "Zubair", "Adnan", "Naveed", "Waqas", "Salman", "Junaid", "Omar", "Rizwan", "Farhan",
    "Arslan", "Zeeshan", "Nadeem", "Khalid", "Sajid", "Irfan", "Yasir", "Babar", "Amjad", "Shoaib",
    "Aamir", "Raheel",
];
const PK_FEMALE: &[&str] = &[
    "Ayesha", "Fatima", "Sana", "Hira", "Nadia", "Saima", "Zainab", "Maryam", "Amna", "Rabia",
    "Mehwish", "Sadia", "Bushra", "Farah", "Samina", "Uzma", "Nasreen", "Shazia",
];
const PK_SURNAMES: &[&str] = &[
    "Khan", "Siddiqui", "Qureshi", "Malik", "Chaudhry", "Butt", "Sheikh", "Raza", "Hussain",
    "Iqbal", "Akhtar", "Javed", "Mirza", "Abbasi", "Awan", "Bhatti", "Rana", "Shah", "Gondal",
    "Cheema", "Niazi", "Ahmed", "Aslam", "Rehman", "Anwar", "Baig", "Zaidi", "Jatoi", "Memon",
    "Afridi",
];
const PK_FATHERS: &[&str] = &[
    "Muhammad Aslam",
    "Ghulam Rasool",
    "Abdul Majeed",
    "Muhammad Rafiq",
    "Allah Ditta",
    "Muhammad Bashir",
    "Ghulam Mustafa",
    "Abdul Qadir",
    "Muhammad Sharif",
    "Nazir Ahmed",
    "Manzoor Hussain",
    "Muhammad Yousaf",
    "Mehboob Ali",
    "Sher Muhammad",
];
const UK_MALE: &[&str] = &[
    "James",
    "Daniel",
    "Thomas",
    "Matthew",
    "Christopher",
    "Andrew",
    "Mark",
    "Paul",
    "Liam",
    "Ryan",
    "Connor",
    "Seán",
    "Gareth",
    "Stuart",
    "Lee",
    "Craig",
];
const UK_FEMALE: &[&str] = &[
    "Sarah",
    "Emma",
    "Laura",
    "Rebecca",
    "Charlotte",
    "Hannah",
    "Zoë",
    "Siân",
    "Claire",
    "Gemma",
    "Niamh",
    "Chloë",
    "Renée",
    "Lucy",
];
const UK_SURNAMES: &[&str] = &[
    "Whitfield",
    "O'Connor",
    "Hartley",
    "Thompson",
    "Walsh",
    "Bennett",
    "Clarke",
    "Hughes",
    "Patel",
    "Evans",
    "McAllister",
    "Richardson",
    "Doyle",
    "Fletcher",
    "Kowalski",
    "Brennan",
    "Ashworth",
    "Pemberton",
    "Okafor",
    "Lloyd",
];
/// Transliteration variants officers meet in partner papers.
const SPELLINGS: &[(&str, &str)] = &[
    ("Muhammad", "Mohammed"),
    ("Muhammad", "Mohd."),
    ("Chaudhry", "Chaudhary"),
    ("Qureshi", "Kureshi"),
    ("Hussain", "Hussein"),
    ("Siddiqui", "Siddiqi"),
    ("Usman", "Osman"),
    ("Yasir", "Yasser"),
    ("Zubair", "Zubayr"),
    ("Rehman", "Rahman"),
    ("Zoë", "Zoe"),
    ("Seán", "Sean"),
];
const NICKNAMES: &[&str] = &[
    "Mani", "Kami", "Billu", "Sunny", "Jimmy", "Bash", "Raja", "Pappu", "Shani",
];

const PK_CITIES: &[&str] = &[
    "Lahore",
    "Karachi",
    "Islamabad",
    "Rawalpindi",
    "Faisalabad",
    "Gujrat",
    "Mirpur (AJK)",
    "Sialkot",
    "Jhelum",
    "Peshawar",
    "Multan",
    "Quetta",
];
const UK_CITIES: &[&str] = &[
    "London",
    "Birmingham",
    "Manchester",
    "Bradford",
    "Leeds",
    "Luton",
    "Glasgow",
    "Slough",
    "Oldham",
    "Rochdale",
];
const UK_STREETS: &[(&str, &str, &str)] = &[
    ("Cheetham Hill Road", "Manchester", "M8"),
    ("Stratford Road", "Birmingham", "B11"),
    ("Green Street", "London", "E7"),
    ("Leeds Road", "Bradford", "BD3"),
    ("Whitechapel Road", "London", "E1"),
    ("Dudley Road", "Birmingham", "B18"),
    ("Wilmslow Road", "Manchester", "M14"),
    ("The Broadway", "Southall", "UB1"),
    ("Dunstable Road", "Luton", "LU4"),
    ("Albert Drive", "Glasgow", "G41"),
    ("Harehills Lane", "Leeds", "LS8"),
    ("Farnham Road", "Slough", "SL1"),
];
const PK_ADDRESSES: &[&str] = &[
    "House {n}, Street {m}, G-9/2, Islamabad",
    "House {n}, Block C, Gulberg III, Lahore",
    "Mohallah Eidgah, near Jamia Masjid, Gujrat",
    "House {n}, Dadyal Road, Mirpur (AJK)",
    "Flat {n}, Block 5, Clifton, Karachi",
    "House {n}, Satellite Town, Rawalpindi",
    "Chak No. {n} GB, Tehsil Jaranwala, Faisalabad",
    "Mohallah Islampura, Sialkot",
    "House {n}, Phase 3, Hayatabad, Peshawar",
    "Street {m}, Civil Lines, Jhelum",
];
const POLICE_STATIONS: &[&str] = &[
    "Civil Lines",
    "Gulberg",
    "Model Town",
    "Saddar",
    "Kohsar",
    "Clifton",
    "Satellite Town",
    "City",
    "Cantt",
];
const WMC: &str = "Westminster Magistrates' Court";

/// One offence as both sides describe it: the requesting state's statute goes on the case, the
/// other side's is the equivalent offence.
struct OffenceSpec {
    area: ProgrammeArea,
    description: &'static str,
    pk: &'static str,
    pk_name: &'static str,
    pk_max: &'static str,
    death_in_pakistan: bool,
    uk: &'static str,
    uk_name: &'static str,
    uk_max: &'static str,
}

const fn spec(
    area: ProgrammeArea,
    description: &'static str,
    pk: (&'static str, &'static str, &'static str, bool),
    uk: (&'static str, &'static str, &'static str),
) -> OffenceSpec {
    OffenceSpec {
        area,
        description,
        pk: pk.0,
        pk_name: pk.1,
        pk_max: pk.2,
        death_in_pakistan: pk.3,
        uk: uk.0,
        uk_name: uk.1,
        uk_max: uk.2,
    }
}

use ProgrammeArea as P;
#[rustfmt::skip]
const OFFENCES: &[OffenceSpec] = &[
    spec(P::IllegalMigration, "Facilitating unlawful migration to the UK for gain",
        ("Emigration Ordinance 1979 s.17", "Inducing emigration by false promises", "Imprisonment up to 14 years and fine", false),
        ("Immigration Act 1971 s.25", "Assisting unlawful immigration", "Life imprisonment")),
    spec(P::IllegalMigration, "Smuggling migrants by sea in unsafe conditions",
        ("Prevention of Smuggling of Migrants Act 2018 s.3", "Smuggling of migrants", "Imprisonment up to 5 years and fine", false),
        ("Immigration Act 1971 s.25", "Assisting unlawful immigration", "Life imprisonment")),
    spec(P::IllegalMigration, "Supplying false identity documents",
        ("Passport Act 1974 s.6", "Use of forged passports", "Imprisonment up to 7 years and fine", false),
        ("Identity Documents Act 2010 s.4", "Possession of false identity documents with improper intention", "10 years' imprisonment")),
    spec(P::Narcotics, "Importation of heroin",
        ("CNSA 1997 s.9(c)", "Trafficking in narcotics (over 1 kg)", "Death, or imprisonment for life, and fine", true),
        ("Customs and Excise Management Act 1979 s.170(2)", "Fraudulent evasion of the prohibition on importation (Class A)", "Life imprisonment")),
    spec(P::Narcotics, "Supplying methamphetamine",
        ("CNSA 1997 s.9(b)", "Trafficking in narcotics (up to 1 kg)", "Imprisonment up to 7 years and fine", false),
        ("Misuse of Drugs Act 1971 s.4(3)", "Being concerned in the supply of a controlled drug", "Life imprisonment (Class A)")),
    spec(P::Narcotics, "Conspiracy to supply cocaine",
        ("CNSA 1997 s.9(c)", "Trafficking in narcotics (over 1 kg)", "Death, or imprisonment for life, and fine", true),
        ("Misuse of Drugs Act 1971 s.4(3)", "Being concerned in the supply of a controlled drug", "Life imprisonment (Class A)")),
    spec(P::IllicitFinance, "Laundering the proceeds of drug trafficking through hawala",
        ("Anti-Money Laundering Act 2010 s.3", "Money laundering", "Imprisonment up to 10 years and fine", false),
        ("Proceeds of Crime Act 2002 s.327", "Concealing criminal property", "14 years' imprisonment")),
    spec(P::IllicitFinance, "Acquiring property with the proceeds of corruption",
        ("Anti-Money Laundering Act 2010 s.3", "Money laundering", "Imprisonment up to 10 years and fine", false),
        ("Proceeds of Crime Act 2002 s.329", "Acquisition, use and possession of criminal property", "14 years' imprisonment")),
    spec(P::IllicitFinance, "Arranging the movement of criminal funds",
        ("Anti-Money Laundering Act 2010 s.3", "Money laundering", "Imprisonment up to 10 years and fine", false),
        ("Proceeds of Crime Act 2002 s.328", "Entering into a money laundering arrangement", "14 years' imprisonment")),
    spec(P::OnlineChildExploitation, "Producing and sharing indecent images of children",
        ("PECA 2016 s.22", "Child pornography", "Imprisonment up to 7 years and fine", false),
        ("Protection of Children Act 1978 s.1", "Taking or distributing indecent photographs of a child", "10 years' imprisonment")),
    spec(P::OnlineChildExploitation, "Inciting children to sexual activity online",
        ("PPC s.292-B", "Child pornography", "Imprisonment 14 to 20 years and fine", false),
        ("Sexual Offences Act 2003 s.10", "Causing or inciting a child to engage in sexual activity", "14 years' imprisonment")),
    spec(P::CounterTerrorism, "Collecting information useful for terrorism",
        ("Anti-Terrorism Act 1997 s.11-F", "Membership of or support for a proscribed organisation", "Imprisonment up to 10 years and fine", false),
        ("Terrorism Act 2000 s.58", "Collection of information", "15 years' imprisonment")),
    spec(P::CounterTerrorism, "Funding a proscribed organisation",
        ("Anti-Terrorism Act 1997 s.11-N", "Financing of terrorism", "Imprisonment 5 to 10 years and fine", false),
        ("Terrorism Act 2000 s.17", "Funding arrangements", "14 years' imprisonment")),
    spec(P::CounterTerrorism, "Bombing causing death",
        ("Anti-Terrorism Act 1997 s.7", "Act of terrorism causing death", "Death or imprisonment for life", true),
        ("Murder (common law)", "Murder", "Mandatory life imprisonment")),
    spec(P::HumanTrafficking, "Trafficking workers for forced labour",
        ("Prevention of Trafficking in Persons Act 2018 s.3", "Trafficking in persons", "Imprisonment up to 7 years and fine", false),
        ("Modern Slavery Act 2015 s.2", "Human trafficking", "Life imprisonment")),
    spec(P::HumanTrafficking, "Holding a person in domestic servitude",
        ("PPC s.370", "Buying or disposing of a person as a slave", "Imprisonment up to 7 years and fine", false),
        ("Modern Slavery Act 2015 s.1", "Slavery, servitude and forced or compulsory labour", "Life imprisonment")),
    spec(P::SeriousViolence, "Murder",
        ("PPC s.302", "Qatl-i-amd", "Death or imprisonment for life", true),
        ("Murder (common law)", "Murder", "Mandatory life imprisonment")),
    spec(P::SeriousViolence, "Attempted murder",
        ("PPC s.324", "Attempt to commit qatl-i-amd", "Imprisonment up to 10 years and fine", false),
        ("Criminal Attempts Act 1981 s.1", "Attempted murder", "Life imprisonment")),
    spec(P::SeriousViolence, "Kidnapping for ransom",
        ("PPC s.365-A", "Kidnapping or abduction for ransom", "Death or imprisonment for life", true),
        ("Kidnapping (common law)", "Kidnapping", "Life imprisonment")),
    spec(P::SeriousViolence, "Wounding with intent",
        ("PPC s.334", "Itlaf-i-udw", "Qisas, or imprisonment up to 10 years", false),
        ("Offences Against the Person Act 1861 s.18", "Wounding with intent", "Life imprisonment")),
    spec(P::FraudCorruption, "Investment fraud",
        ("PPC s.420", "Cheating and dishonestly inducing delivery of property", "Imprisonment up to 7 years and fine", false),
        ("Fraud Act 2006 s.1", "Fraud by false representation", "10 years' imprisonment")),
    spec(P::FraudCorruption, "Corruption in public procurement",
        ("National Accountability Ordinance 1999 s.9(a)", "Corruption and corrupt practices", "Rigorous imprisonment up to 14 years and fine", false),
        ("Bribery Act 2010 s.2", "Being bribed", "10 years' imprisonment")),
    spec(P::FraudCorruption, "Criminal breach of trust by a public servant",
        ("PPC s.409", "Criminal breach of trust by a public servant", "Imprisonment for life, or up to 10 years, and fine", false),
        ("Fraud Act 2006 s.4", "Fraud by abuse of position", "10 years' imprisonment")),
    spec(P::Other, "Smuggling tobacco and firearm parts",
        ("Customs Act 1969 s.156(1)(8)", "Smuggling", "Imprisonment up to 14 years and fine", false),
        ("Customs and Excise Management Act 1979 s.170", "Fraudulent evasion of duty", "7 years' imprisonment")),
    spec(P::Other, "Dishonestly issuing cheques that were dishonoured",
        ("PPC s.489-F", "Dishonestly issuing a cheque", "Imprisonment up to 3 years, or fine, or both", false),
        ("Fraud Act 2006 s.2", "Fraud by false representation", "10 years' imprisonment")),
    spec(P::Other, "Possession of prohibited firearms",
        ("Pakistan Arms Ordinance 1965 s.13", "Possession of unlicensed arms", "Imprisonment up to 7 years and fine", false),
        ("Firearms Act 1968 s.5", "Possession of a prohibited weapon", "10 years' imprisonment")),
];

/// Types of assistance each programme area typically asks for.
fn assistance_for(area: ProgrammeArea) -> &'static [AssistanceType] {
    use AssistanceType as T;
    match area {
        P::Narcotics => &[
            T::BankingRecords,
            T::TelecomsData,
            T::WitnessStatement,
            T::SearchAndSeizure,
            T::LocatingPerson,
            T::CriminalRecordCheck,
            T::RestraintOrFreezing,
        ],
        P::IllicitFinance => &[
            T::BankingRecords,
            T::ProductionOrder,
            T::RestraintOrFreezing,
            T::Confiscation,
            T::CivilRecovery,
            T::ServiceOfDocuments,
        ],
        P::OnlineChildExploitation => &[
            T::PreservationOfData,
            T::TelecomsData,
            T::SearchAndSeizure,
            T::LocatingPerson,
            T::VideoLinkTestimony,
        ],
        P::CounterTerrorism => &[
            T::TelecomsData,
            T::PreservationOfData,
            T::BankingRecords,
            T::WitnessStatement,
            T::CriminalRecordCheck,
        ],
        P::HumanTrafficking => &[
            T::WitnessStatement,
            T::VideoLinkTestimony,
            T::LocatingPerson,
            T::BankingRecords,
            T::TemporaryPrisonerTransfer,
        ],
        P::SeriousViolence => &[
            T::WitnessStatement,
            T::VideoLinkTestimony,
            T::ServiceOfDocuments,
            T::TemporaryPrisonerTransfer,
            T::CriminalRecordCheck,
        ],
        P::FraudCorruption => &[
            T::BankingRecords,
            T::ProductionOrder,
            T::WitnessStatement,
            T::ServiceOfDocuments,
            T::RestraintOrFreezing,
            T::Confiscation,
        ],
        P::IllegalMigration => &[
            T::LocatingPerson,
            T::TelecomsData,
            T::BankingRecords,
            T::WitnessStatement,
            T::CriminalRecordCheck,
        ],
        P::Other => &[
            T::Other,
            T::ServiceOfDocuments,
            T::CriminalRecordCheck,
            T::WitnessStatement,
        ],
    }
}

const NOTES: &[&str] = &[
    "Spoke to the FIA MLA unit; they expect to register the request next week.",
    "Liaison prosecutor in Islamabad confirmed the translation is being certified.",
    "Subject's solicitors wrote asking for disclosure; referred to the CPS.",
    "Chased the Ministry of Interior by email; no reply yet.",
    "Bail variation application listed; CPS to oppose.",
    "NAB asked for the account-opening documents in certified form.",
    "Discussed at the monthly UPSCALE progress review.",
    "British High Commission delivered the note verbale by hand.",
    "Counterpart confirmed the witness is willing to give evidence by video link.",
    "Interpreter (Urdu/Punjabi) booked for the next hearing.",
    "Papers reviewed against the request-contents checklist; two gaps noted.",
    "Raised at the joint steering committee as an example of delay.",
];
const TASKS: &[&str] = &[
    "Chase the Ministry of Interior for an acknowledgement",
    "Send certified translations to the CPS",
    "Confirm the hearing date with the court",
    "Update the Home Office casework team",
    "Check the assurance wording with the CPS",
    "Prepare the monthly progress return",
    "Request the FIR and charge sheet in English",
    "Book the video-link room",
];
const TAGS: &[&str] = &[
    "UPSCALE",
    "high-profile",
    "dual national",
    "custody",
    "asset recovery",
    "media interest",
    "JSC review",
    "priority",
    "interpreter needed",
];
const OVERRIDES: &[&str] = &[
    "Original translations to follow by courier; urgency agreed with the Head of Unit",
    "Certified copy promised by note verbale; CPS content to proceed",
    "Identification material supplied electronically; originals to follow",
    "Deputy Director approved sending before the last document arrives",
];
const CORRECTIONS: &[&str] = &[
    "Recorded against the wrong case",
    "Wrong status chosen from the list",
    "Entered in error; nothing has been decided yet",
];

// ---------------------------------------------------------------------------------------------
// The generator

/// What one case will be: its target state, the dated path there and what it carries.
struct Plan {
    index: usize,
    id: CaseId,
    kind: CaseKind,
    direction: Direction,
    opened: NaiveDate,
    steps: Vec<(Status, NaiveDate)>,
    details: CaseDetails,
    people: Vec<Person>,
    link: Option<(CaseId, LinkKind)>,
    /// Before this step, record a wrong transition and correct it.
    correct_at: Option<usize>,
}

/// What a transition's details and the case's preparation depend on.
struct StepCx {
    kind: CaseKind,
    direction: Direction,
    to: Status,
    date: NaiveDate,
    next: Option<(Status, NaiveDate)>,
}

/// An extradition case an MLA case may gather evidence for.
#[derive(Clone)]
struct Extradition {
    case: CaseId,
    subject: PersonId,
    name: String,
    area: ProgrammeArea,
    direction: Direction,
    opened: NaiveDate,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Heritage {
    Pakistani,
    BritishPakistani,
    British,
}

const UNREACHABLE: u32 = u32::MAX;

struct Gen {
    rng: Rng,
    ids: SeededIds,
    today: NaiveDate,
    book: Casebook,
    errors: Vec<String>,
    /// What is being built, for error messages.
    context: String,
    /// Every state of every workflow, in `Workflow::ALL` order.
    states: Vec<Status>,
    index: HashMap<Status, usize>,
    /// `dist[a][b]`: fewest transitions from state `a` to state `b`.
    dist: Vec<Vec<u32>>,
    /// Recent extradition cases, for linked MLA cases of the same subject.
    recent: Vec<Extradition>,
    /// Recorded times within a case only move forward.
    last_at: DateTime<Utc>,
}

impl Gen {
    fn new(seed: u64, today: NaiveDate) -> Self {
        let states: Vec<Status> = Workflow::ALL.iter().flat_map(|w| w.states()).collect();
        let index: HashMap<Status, usize> =
            states.iter().enumerate().map(|(i, s)| (*s, i)).collect();
        let dist = states
            .iter()
            .map(|&from| {
                let mut row = vec![UNREACHABLE; states.len()];
                let mut queue = std::collections::VecDeque::from([(from, 0u32)]);
                if let Some(&i) = index.get(&from) {
                    row[i] = 0;
                }
                while let Some((s, d)) = queue.pop_front() {
                    for n in s.next() {
                        if let Some(&j) = index.get(&n)
                            && row[j] == UNREACHABLE
                        {
                            row[j] = d + 1;
                            queue.push_back((n, d + 1));
                        }
                    }
                }
                row
            })
            .collect();
        Self {
            rng: Rng::new(seed),
            ids: SeededIds::new(seed),
            today,
            book: Casebook::default(),
            errors: Vec::new(),
            context: String::new(),
            states,
            index,
            dist,
            recent: Vec::new(),
            last_at: DateTime::<Utc>::MIN_UTC,
        }
    }

    fn apply(&mut self, now: DateTime<Utc>, command: Command) -> Option<super::casebook::Applied> {
        let mut ctx = Ctx {
            now: now.into(),
            ids: &mut self.ids,
        };
        match self.book.apply(command, &mut ctx) {
            Ok(applied) => Some(applied),
            Err(e) => {
                self.errors.push(format!("{}: {e}", self.context));
                None
            }
        }
    }

    fn at(&self, date: NaiveDate, hour: u32, minute: u32) -> DateTime<Utc> {
        date.and_time(NaiveTime::from_hms_opt(hour, minute, 0).unwrap_or_default())
            .and_utc()
    }

    /// When something that happened on `date` was recorded: office hours that day, never
    /// before the case's previous record and never after today.
    fn stamp(&mut self, date: NaiveDate) -> DateTime<Utc> {
        let hour = self.rng.int(8, 17) as u32;
        let minute = self.rng.int(0, 59) as u32;
        let mut at = self.at(date, hour, minute);
        let floor = TimeDelta::try_minutes(self.rng.int(3, 40))
            .and_then(|gap| self.last_at.checked_add_signed(gap))
            .unwrap_or(self.last_at);
        if at < floor {
            at = floor;
        }
        let cap = self.at(self.today, 23, 59);
        if at > cap {
            at = cap;
        }
        self.last_at = at;
        at
    }

    fn record_id(&mut self) -> RecordId {
        RecordId(self.ids.next_uuid())
    }

    fn dist(&self, from: Status, to: Status) -> u32 {
        match (self.index.get(&from), self.index.get(&to)) {
            (Some(&a), Some(&b)) => self.dist[a][b],
            _ => UNREACHABLE,
        }
    }

    fn settings(&mut self) {
        let settings = Settings {
            officer_name: "Demo officer".into(),
            officer_agency: "NCA International Liaison".into(),
            sample: true,
            ..Settings::default()
        };
        self.context = "settings".into();
        let now = self.at(self.today, 8, 0);
        self.apply(now, Command::UpdateSettings(Box::new(settings)));
    }

    fn agencies_and_contacts(&mut self) {
        // Name, and whether the agency is British (else Pakistani).
        let (uk, pk) = (true, false);
        let agencies: &[(&str, bool)] = &[
            ("Home Office – UK Central Authority (UKCA)", uk),
            ("Crown Prosecution Service (IJOCD)", uk),
            ("National Crime Agency", uk),
            (WMC, uk),
            ("High Court (Administrative Court)", uk),
            ("Supreme Court", uk),
            ("HM Revenue and Customs", uk),
            ("Crown Office and Procurator Fiscal Service", uk),
            ("British High Commission, Islamabad", uk),
            ("Ministry of Interior", pk),
            ("Ministry of Foreign Affairs", pk),
            ("Federal Investigation Agency (FIA)", pk),
            ("National Accountability Bureau (NAB)", pk),
            ("Anti-Narcotics Force (ANF)", pk),
            ("National Police Bureau", pk),
            ("National Counter Terrorism Authority (NACTA)", pk),
            ("National Cyber Crime Investigation Agency (NCCIA)", pk),
            ("Counter Terrorism Department, Punjab Police", pk),
            ("Inquiry Magistrate, Islamabad", pk),
            ("Federal Cabinet", pk),
            ("Islamabad High Court", pk),
            ("Lahore High Court", pk),
        ];
        let now = self.at(self.today, 8, 0);
        let mut ids: HashMap<&str, AgencyId> = HashMap::new();
        for &(name, british) in agencies {
            let id = AgencyId(self.ids.next_uuid());
            ids.insert(name, id);
            self.context = name.into();
            self.apply(
                now,
                Command::SaveAgency(Agency {
                    id,
                    name: name.into(),
                    country: if british {
                        Country::uk()
                    } else {
                        Country::pakistan()
                    },
                }),
            );
        }
        let contacts: &[(&str, &str, &str, &str, &str)] = &[
            (
                "Rachel Moss",
                "National Crime Agency",
                "International liaison manager",
                "rachel.moss@nca.example",
                "+44 20 7946 0112",
            ),
            (
                "Daniel Hughes",
                "Crown Prosecution Service (IJOCD)",
                "CPS liaison prosecutor, Islamabad",
                "daniel.hughes@cps.example",
                "+92 51 555 0120",
            ),
            (
                "Priya Nair",
                "Home Office – UK Central Authority (UKCA)",
                "Casework officer, extradition",
                "priya.nair@homeoffice.example",
                "+44 20 7946 0348",
            ),
            (
                "Emma Clarke",
                WMC,
                "Extradition listing officer",
                "listing@wmc.example",
                "+44 20 7946 0571",
            ),
            (
                "Tariq Mehmood",
                "Federal Investigation Agency (FIA)",
                "Deputy Director, MLA unit",
                "tariq.mehmood@fia.example",
                "+92 51 555 0141",
            ),
            (
                "Saima Rauf",
                "Ministry of Interior",
                "Section Officer (Extradition)",
                "saima.rauf@interior.example",
                "+92 51 555 0177",
            ),
            (
                "Asad Gondal",
                "National Accountability Bureau (NAB)",
                "Assistant Director, international cooperation",
                "asad.gondal@nab.example",
                "+92 51 555 0193",
            ),
            (
                "Kamran Akhtar",
                "Anti-Narcotics Force (ANF)",
                "Liaison officer",
                "kamran.akhtar@anf.example",
                "+92 51 555 0126",
            ),
        ];
        for &(name, agency, role, email, phone) in contacts {
            let id = ContactId(self.ids.next_uuid());
            self.context = name.into();
            self.apply(
                now,
                Command::SaveContact(Contact {
                    id,
                    name: name.into(),
                    agency: ids.get(agency).copied(),
                    role: role.into(),
                    email: email.into(),
                    phone: phone.into(),
                }),
            );
        }
    }

    // -----------------------------------------------------------------------------------------
    // Planning

    fn random_target(&mut self) -> Status {
        let wf = self.rng.weighted(&[
            (Workflow::ExtraditionIncoming, 30),
            (Workflow::ExtraditionOutgoing, 25),
            (Workflow::MutualLegalAssistance, 45),
        ]);
        let open = self.rng.chance(0.7);
        let states: Vec<Status> = wf
            .states()
            .into_iter()
            .filter(|s| s.is_terminal() != open)
            .collect();
        self.rng.pick_from(&states).unwrap_or(wf.initial())
    }

    /// Routes officers often see that are not the shortest: provisional arrest before the full
    /// request, INTERPOL notices, appeals, holds, requests for more information. Whether a
    /// certified request goes to a warrant or straight to the first hearing depends on whether
    /// the person was provisionally arrested.
    fn scenic(&self, current: Status, so_far: &[Status]) -> Option<(Status, f64)> {
        use Status::{Incoming as I, Mla as M, Outgoing as O};
        Some(match current {
            I(A::PreRequest) => (I(A::PaRequested), 0.3),
            I(A::PaRequested) => (I(A::PaArrested), 0.75),
            I(A::RequestCertified) if so_far.contains(&I(A::PaArrested)) => {
                (I(A::InitialHearing), 1.0)
            }
            I(A::RequestCertified) => (I(A::WarrantIssued), 0.9),
            I(A::InitialHearing) => (I(A::ExtraditionHearing), 0.75),
            I(A::ExtraditionHearing) => (I(A::Adjourned), 0.15),
            I(A::SentToSos) => (I(A::Deferred), 0.1),
            I(A::SosOrdered) => (I(A::AppealHc), 0.35),
            I(A::AwaitingSurrender) => (I(A::Postponed), 0.1),
            O(B::SubjectLocatedAbroad) => (O(B::NoticeRequested), 0.5),
            O(B::NoticeRequested) => (O(B::NoticePublished), 0.7),
            O(B::NoticePublished) => (O(B::PaRequested), 0.25),
            O(B::PaRequested) => (O(B::PaArrestedAbroad), 0.6),
            O(B::UnderConsideration) => (O(B::ReturnedForInfo), 0.1),
            O(B::SurrenderOrdered) => (O(B::WritPending), 0.25),
            M(C::Transmitted) => (M(C::ReturnedDeficient), 0.05),
            M(C::UnderConsideration) => (M(C::FurtherInfoRequested), 0.2),
            M(C::InExecution) => (M(C::PartiallyExecuted), 0.3),
            _ => return None,
        })
    }

    /// A path of allowed transitions from `from` to `to` (excluding `from`): mostly shortest
    /// steps, some common longer routes, and a few detours while `detours` lasts.
    fn walk(&mut self, from: Status, to: Status, detours: &mut u32) -> Vec<Status> {
        let mut out = Vec::new();
        let mut cur = from;
        while cur != to && out.len() < 40 {
            let d = self.dist(cur, to);
            if d == UNREACHABLE {
                break;
            }
            let next = cur.next();
            let shortest: Vec<Status> = next
                .iter()
                .copied()
                .filter(|&n| self.dist(n, to) == d - 1)
                .collect();
            let longer: Vec<Status> = next
                .iter()
                .copied()
                .filter(|&n| {
                    let dn = self.dist(n, to);
                    dn != UNREACHABLE && dn >= d
                })
                .collect();
            let scenic = self
                .scenic(cur, &out)
                .filter(|(n, _)| out.len() < 25 && longer.contains(n));
            let choice = if let Some((n, p)) = scenic
                && self.rng.chance(p)
            {
                Some(n)
            } else if *detours > 0 && !longer.is_empty() && self.rng.chance(0.2) {
                *detours -= 1;
                self.rng.pick_from(&longer)
            } else {
                self.rng.pick_from(&shortest)
            };
            let Some(n) = choice else { break };
            out.push(n);
            cur = n;
        }
        out
    }

    /// A path from the workflow's first state to `target`, entering it from a random one of
    /// the states that lead to it, so that closures happen at every stage.
    fn path_to(&mut self, target: Status) -> Vec<Status> {
        let initial = target.workflow().initial();
        let before: Vec<Status> = target
            .workflow()
            .states()
            .into_iter()
            .filter(|s| s.may_go_to(target) && self.dist(initial, *s) != UNREACHABLE)
            .collect();
        if target == initial && (before.is_empty() || self.rng.chance(0.85)) {
            return Vec::new();
        }
        let Some(via) = self.rng.pick_from(&before) else {
            let mut detours = 0;
            return self.walk(initial, target, &mut detours);
        };
        let mut detours = self.rng.weighted(&[(0u32, 70), (1, 20), (2, 10)]);
        let mut path = self.walk(initial, via, &mut detours);
        if path.last().copied().unwrap_or(initial) == via {
            path.push(target);
        }
        path
    }

    /// Days a case typically stays in `state` before it moves on.
    fn dwell(&mut self, state: Status) -> i64 {
        let (lo, hi) = match state {
            Status::Incoming(s) => match s {
                A::PreRequest => (7, 60),
                A::PaRequested => (1, 14),
                A::PaArrested => (5, 20),
                A::RequestReceived => (3, 12),
                A::SpecialArrangementCertified => (2, 10),
                A::RequestCertified => (2, 14),
                A::WarrantIssued => (3, 60),
                A::Arrested => (0, 1),
                A::InitialHearing => (14, 45),
                A::Consented => (3, 10),
                A::ExtraditionHearing => (1, 30),
                A::SentToSos => (20, 55),
                A::SosOrdered => (3, 12),
                A::AppealHc => (60, 200),
                A::AppealSc => (60, 240),
                A::AwaitingSurrender => (5, 14),
                A::Deferred | A::Adjourned | A::Postponed => (14, 60),
                _ => (7, 30),
            },
            Status::Outgoing(s) => match s {
                B::SubjectLocatedAbroad => (7, 60),
                B::NoticeRequested => (7, 30),
                B::NoticePublished => (14, 120),
                B::FileInPreparation => (20, 90),
                B::PaRequested => (3, 30),
                B::PaArrestedAbroad => (7, 40),
                B::RequestIssued => (1, 10),
                B::Transmitted => (10, 28),
                B::ReturnedForInfo => (14, 60),
                B::UnderConsideration => (30, 120),
                B::InquiryOrdered => (14, 90),
                B::FugitiveArrested => (30, 120),
                B::InquiryReported => (14, 60),
                B::SurrenderOrdered => (7, 50),
                B::WritPending => (30, 150),
                _ => (7, 30),
            },
            Status::Mla(s) => match s {
                C::Draft => (3, 30),
                C::InReview => (2, 14),
                C::Issued => (1, 10),
                C::Transmitted => (5, 28),
                C::Acknowledged => (5, 30),
                C::UnderConsideration => (14, 60),
                C::FurtherInfoRequested => (10, 40),
                C::Accepted => (5, 30),
                C::InExecution => (30, 120),
                C::PartiallyExecuted => (14, 60),
                C::Executed => (7, 30),
                C::EvidenceReceived => (30, 120),
                C::ReturnedDeficient => (7, 30),
                _ => (7, 30),
            },
        };
        self.rng.int(lo, hi)
    }

    /// How long an open case has been in its current state: a spread that puts its clocks
    /// overdue, due soon and later.
    fn age(&mut self, state: Status, path: &[Status]) -> i64 {
        // Short statutory deadlines are mostly kept.
        let provisionally_arrested = path.contains(&Status::Incoming(A::PaArrested));
        let within = match state {
            Status::Incoming(A::PaArrested) => 44,
            Status::Incoming(A::RequestReceived | A::SpecialArrangementCertified)
                if provisionally_arrested =>
            {
                20
            }
            Status::Incoming(A::InitialHearing | A::SentToSos) => 59,
            Status::Incoming(A::SosOrdered | A::AwaitingSurrender | A::AppealSc) => 27,
            Status::Outgoing(B::SurrenderOrdered) => 60,
            _ => 0,
        };
        if within > 0 && self.rng.chance(0.8) {
            return self.rng.int(0, within);
        }
        match self.rng.below(100) {
            0..35 => self.rng.int(0, 20),
            35..70 => self.rng.int(20, 75),
            _ => self.rng.int(75, 400),
        }
    }

    fn plan(&mut self, index: usize) -> Plan {
        let targeted = index < self.states.len();
        let target = if targeted {
            self.states[index]
        } else {
            self.random_target()
        };
        let (kind, direction) = match target.workflow() {
            Workflow::ExtraditionIncoming => (CaseKind::Extradition, Direction::Incoming),
            Workflow::ExtraditionOutgoing => (CaseKind::Extradition, Direction::Outgoing),
            Workflow::MutualLegalAssistance => {
                let outgoing = if targeted {
                    index.is_multiple_of(2)
                } else {
                    self.rng.chance(0.55)
                };
                let direction = if outgoing {
                    Direction::Outgoing
                } else {
                    Direction::Incoming
                };
                (CaseKind::Mla, direction)
            }
        };
        self.context = format!("case {index} ({kind} {direction}, {})", target.code());
        let id = CaseId(self.ids.next_uuid());

        // The dated path.
        let path = self.path_to(target);
        let reached = path.last().copied().unwrap_or(target.workflow().initial());
        let open = !reached.is_terminal();
        let mut gaps = Vec::with_capacity(path.len());
        let mut prev = target.workflow().initial();
        for &s in &path {
            gaps.push(self.dwell(prev));
            prev = s;
        }
        let age = if open { self.age(reached, &path) } else { 0 };
        let budget = (WINDOW_DAYS - age).max(30);
        let span: i64 = gaps.iter().sum();
        if span > budget {
            for g in &mut gaps {
                *g = *g * budget / span;
            }
        }
        let span: i64 = gaps.iter().sum();
        let end = if open {
            add_days(self.today, -age)
        } else {
            add_days(self.today, -self.rng.int(0, (WINDOW_DAYS - span).max(0)))
        };
        let opened = add_days(end, -span);
        let mut steps = Vec::with_capacity(path.len());
        let mut date = opened;
        for (&s, &g) in path.iter().zip(&gaps) {
            date = add_days(date, g);
            steps.push((s, date));
        }

        // Area and people; an MLA case sometimes gathers evidence about an extradition subject.
        let mut area = if index < ProgrammeArea::ALL.len() {
            ProgrammeArea::ALL[index]
        } else {
            self.rng.weighted(&[
                (P::Narcotics, 15),
                (P::IllicitFinance, 15),
                (P::FraudCorruption, 14),
                (P::IllegalMigration, 12),
                (P::SeriousViolence, 12),
                (P::HumanTrafficking, 8),
                (P::OnlineChildExploitation, 8),
                (P::CounterTerrorism, 8),
                (P::Other, 8),
            ])
        };
        let mut link = None;
        let mut people = Vec::new();
        let reused = if kind == CaseKind::Mla && self.rng.chance(0.15) {
            let earlier: Vec<usize> = (0..self.recent.len())
                .filter(|&i| self.recent[i].opened <= add_days(opened, 60))
                .collect();
            self.rng
                .pick_from(&earlier)
                .and_then(|i| self.recent.get(i).cloned())
        } else {
            None
        };
        let (subject, subject_name) = match reused {
            Some(ext) => {
                area = ext.area;
                let link_kind = if ext.direction == direction {
                    LinkKind::EvidenceForExtradition
                } else {
                    LinkKind::SameSubject
                };
                link = Some((ext.case, link_kind));
                (ext.subject, ext.name)
            }
            None => {
                let heritage = self.rng.weighted(&[
                    (Heritage::Pakistani, 45),
                    (Heritage::BritishPakistani, 35),
                    (Heritage::British, 20),
                ]);
                let female = self.rng.chance(0.12);
                // The subject is where the request is sent.
                let in_uk = direction == Direction::Incoming;
                let source = if direction == Direction::Incoming {
                    Source::Partner
                } else {
                    Source::Ours
                };
                let p = self.person(heritage, female, in_uk, source, true);
                let subject = (p.id, p.name.clone());
                people.push(p);
                subject
            }
        };
        let in_uk = direction == Direction::Incoming;
        let mut parties = vec![Party {
            person: subject,
            role: if kind == CaseKind::Extradition {
                Role::RequestedPerson
            } else {
                Role::Suspect
            },
        }];
        if kind == CaseKind::Mla && self.rng.chance(0.15) {
            let p = self.local_person(in_uk, Source::Ours);
            parties.push(Party {
                person: p.id,
                role: Role::Suspect,
            });
            people.push(p);
        }
        if matches!(
            area,
            P::SeriousViolence | P::HumanTrafficking | P::OnlineChildExploitation
        ) && self.rng.chance(0.4)
        {
            let p = self.local_person(!in_uk, Source::Ours);
            parties.push(Party {
                person: p.id,
                role: Role::Victim,
            });
            people.push(p);
        }

        // Offences.
        let requesting_pk = direction == Direction::Incoming;
        let unassessed = steps.is_empty() && self.rng.chance(0.4);
        let candidates: Vec<usize> = OFFENCES
            .iter()
            .enumerate()
            .filter(|(_, o)| o.area == area)
            .map(|(i, _)| i)
            .collect();
        let count = self.rng.weighted(&[(1usize, 60), (2, 30), (3, 10)]);
        let mut chosen: Vec<usize> = Vec::new();
        for _ in 0..count {
            if let Some(i) = self.rng.pick_from(&candidates)
                && !chosen.contains(&i)
            {
                chosen.push(i);
            }
        }
        let offences: Vec<Offence> = chosen
            .iter()
            .map(|&i| self.offence(&OFFENCES[i], requesting_pk, unassessed))
            .collect();

        // The case's particulars.
        let (requesting, requested) = if requesting_pk {
            (Country::pakistan(), Country::uk())
        } else {
            (Country::uk(), Country::pakistan())
        };
        let mut d = CaseDetails::new(requesting, requested);
        d.area = area;
        d.offences = offences;
        d.summary = self.summary(area, kind, direction, &subject_name, opened);
        d.requesting_authority = self.requesting_authority(kind, direction, area).into();
        d.legal_basis = self.legal_basis(kind, direction, area);
        d.marking = match self.rng.below(100) {
            0..85 => HandlingMarking::OfficialSensitive,
            85..97 => HandlingMarking::Official,
            _ => HandlingMarking::Secret,
        };
        if area == P::CounterTerrorism && self.rng.chance(0.3) {
            d.marking = HandlingMarking::Secret;
        }
        d.ncnd = self.rng.chance(if area == P::CounterTerrorism {
            0.25
        } else {
            0.03
        });
        d.assigned_officer = self.rng.pick(TEAM).into();
        for _ in 0..self.rng.weighted(&[(0, 50), (1, 35), (2, 15)]) {
            let tag = self.rng.pick(TAGS);
            if !d.tags.iter().any(|t| t == tag) {
                d.tags.push(tag.into());
            }
        }
        if !people.is_empty()
            && people[0].nationalities.len() > 1
            && !d.tags.iter().any(|t| t == "dual national")
            && self.rng.chance(0.3)
        {
            d.tags.push("dual national".into());
        }
        let year = opened.year();
        let refs = self.opening_references(kind, direction, area, year);
        for (authority, value) in refs {
            let rid = self.record_id();
            d.external_references.push(ExternalReference {
                id: rid,
                authority,
                value,
            });
        }

        if kind == CaseKind::Mla {
            self.mla_particulars(&mut d, &mut parties, &mut people, &steps, opened, open);
        }
        d.parties = parties;

        if kind == CaseKind::Extradition {
            self.recent.push(Extradition {
                case: id,
                subject,
                name: subject_name.clone(),
                area,
                direction,
                opened,
            });
            if self.recent.len() > 64 {
                self.recent.remove(0);
            }
        }
        let correct_at = (steps.len() >= 2 && self.rng.chance(0.015))
            .then(|| self.rng.int(1, steps.len() as i64 - 1) as usize);
        Plan {
            index,
            id,
            kind,
            direction,
            opened,
            steps,
            details: d,
            people,
            link,
            correct_at,
        }
    }

    fn offence(&mut self, o: &OffenceSpec, requesting_pk: bool, unassessed: bool) -> Offence {
        let (statute, max_penalty, death, equivalent) = if requesting_pk {
            (
                o.pk,
                o.pk_max,
                if o.death_in_pakistan {
                    DeathPenalty::Available
                } else {
                    DeathPenalty::NotAvailable
                },
                format!("{} ({}; max. {})", o.uk_name, o.uk, o.uk_max),
            )
        } else {
            (
                o.uk,
                o.uk_max,
                DeathPenalty::NotAvailable,
                format!("{} ({}; max. {})", o.pk_name, o.pk, o.pk_max),
            )
        };
        let dual = match self.rng.below(100) {
            0..88 => DualCriminality::Satisfied,
            88..97 => DualCriminality::Unclear,
            _ => DualCriminality::NotSatisfied,
        };
        Offence {
            id: self.record_id(),
            description: o.description.into(),
            area: o.area,
            statute: statute.into(),
            max_penalty: max_penalty.into(),
            death_penalty: if unassessed {
                DeathPenalty::NotAssessed
            } else {
                death
            },
            equivalent_offence: equivalent.into(),
            dual_criminality: if unassessed {
                DualCriminality::NotAssessed
            } else {
                dual
            },
        }
    }

    /// Assistance sought, urgency and the required-by date, placed against the plan's dates so
    /// that `MLA_REQUIRED_BY` is met, missed, overdue or due soon.
    fn mla_particulars(
        &mut self,
        d: &mut CaseDetails,
        parties: &mut Vec<Party>,
        people: &mut Vec<Person>,
        steps: &[(Status, NaiveDate)],
        opened: NaiveDate,
        open: bool,
    ) {
        let options = assistance_for(d.area);
        let requested_in_uk = d.requested_state == Country::uk();
        let mut kinds: Vec<AssistanceType> = options
            .iter()
            .copied()
            .filter(|_| self.rng.chance(0.35))
            .take(4)
            .collect();
        if kinds.is_empty() {
            kinds.push(self.rng.pick(options));
        }
        for kind in kinds {
            let description = self.assistance_description(kind, requested_in_uk);
            let id = self.record_id();
            d.mla.assistance.push(AssistanceItem {
                id,
                kind,
                description,
                progress: AssistanceProgress::Pending,
            });
            let role = match kind {
                AssistanceType::WitnessStatement | AssistanceType::VideoLinkTestimony => {
                    Some(Role::Witness)
                }
                AssistanceType::BankingRecords | AssistanceType::RestraintOrFreezing => {
                    Some(Role::AccountHolder)
                }
                AssistanceType::TemporaryPrisonerTransfer => Some(Role::Prisoner),
                _ => None,
            };
            if let Some(role) = role
                && !parties.iter().any(|p| p.role == role)
            {
                let p = self.local_person(requested_in_uk, Source::Ours);
                parties.push(Party { person: p.id, role });
                people.push(p);
            }
        }
        d.mla.urgency = if d.area == P::CounterTerrorism || d.area == P::OnlineChildExploitation {
            self.rng.weighted(&[
                (Urgency::Routine, 25),
                (Urgency::Priority, 25),
                (Urgency::Urgent, 25),
                (Urgency::Immediate, 25),
            ])
        } else {
            self.rng.weighted(&[
                (Urgency::Routine, 45),
                (Urgency::Priority, 32),
                (Urgency::Urgent, 18),
                (Urgency::Immediate, 5),
            ])
        };
        if d.mla.urgency == Urgency::Routine && !self.rng.chance(0.25) {
            return;
        }
        let issued = steps
            .iter()
            .rposition(|(s, _)| *s == Status::Mla(C::Issued));
        let executed = issued.and_then(|k| {
            steps[k..]
                .iter()
                .find(|(s, _)| matches!(s, Status::Mla(C::Executed | C::EvidenceReceived)))
                .map(|(_, date)| *date)
        });
        let issued = issued.map(|k| steps[k].1);
        let today = self.today;
        let required_by = match (issued, executed) {
            (Some(i), Some(e)) if self.rng.chance(0.85) => add_days(e, self.rng.int(0, 60)).max(i),
            (Some(i), Some(e)) => add_days(e, -self.rng.int(1, 20)).max(i),
            (Some(i), None) if open => add_days(today, self.rng.due_offset()).max(add_days(i, 3)),
            (Some(i), None) => add_days(i, self.rng.int(30, 180)),
            (None, _) if open => add_days(today, self.rng.int(14, 150)),
            (None, _) => add_days(opened, self.rng.int(60, 240)),
        };
        d.mla.required_by = Some(required_by);
        let reasons: &[&str] = match d.mla.urgency {
            Urgency::Routine => &["Investigation review date", "Charging decision due"],
            Urgency::Priority => &[
                "Trial fixed at Southwark Crown Court",
                "Custody time limit expires",
                "Limitation date approaching",
                "Trial fixed at Birmingham Crown Court",
            ],
            Urgency::Urgent => &[
                "Funds may be moved out of the accounts",
                "Suspect about to travel",
                "Telecoms data is kept for a limited time only",
            ],
            Urgency::Immediate => &[
                "Threat to life",
                "A child is at risk",
                "Terrorism investigation: attack planning suspected",
            ],
        };
        d.mla.required_by_reason = self.rng.pick(reasons).into();
    }

    fn assistance_description(&mut self, kind: AssistanceType, in_uk: bool) -> String {
        use AssistanceType as T;
        let city = if in_uk {
            self.rng.pick(UK_CITIES)
        } else {
            self.rng.pick(PK_CITIES)
        };
        let y = self.today.year() - self.rng.int(1, 6) as i32;
        match kind {
            T::BankingRecords => {
                let bank = if in_uk {
                    self.rng.pick(&[
                        "Barclays",
                        "HSBC UK",
                        "Lloyds Bank",
                        "NatWest",
                        "Santander UK",
                    ])
                } else {
                    self.rng.pick(&[
                        "Habib Bank Limited",
                        "MCB Bank",
                        "United Bank Limited",
                        "Meezan Bank",
                        "Allied Bank",
                    ])
                };
                let accounts = match self.rng.int(1, 4) {
                    1 => "one account".to_string(),
                    n => format!("{n} accounts"),
                };
                format!(
                    "Statements and account-opening documents, {bank}, {accounts}, {y} to {}",
                    y + 2
                )
            }
            T::TelecomsData => format!(
                "Subscriber details and call data for {} mobile numbers",
                self.rng.int(1, 6)
            ),
            T::PreservationOfData => {
                "Preserve account data held by the platform for 90 days".into()
            }
            T::WitnessStatement => format!("Statement from a witness in {city}"),
            T::VideoLinkTestimony => "Evidence by live link at the trial".into(),
            T::SearchAndSeizure => format!("Search of premises in {city} and seizure of devices"),
            T::ProductionOrder => "Production of company and property records".into(),
            T::RestraintOrFreezing => format!(
                "Restrain funds of about {} in the suspect's accounts",
                money(self.rng.int(20, 900) * 1000)
            ),
            T::Confiscation => format!(
                "Enforce a confiscation order of {}",
                money(self.rng.int(50, 2000) * 1000)
            ),
            T::CivilRecovery => {
                format!("Recover a property in {city} bought with criminal proceeds")
            }
            T::TemporaryPrisonerTransfer => {
                "Temporary transfer of a serving prisoner to give evidence".into()
            }
            T::LocatingPerson => format!("Locate and identify the suspect's associates in {city}"),
            T::CriminalRecordCheck => "Criminal record check on the suspect".into(),
            T::ServiceOfDocuments => "Serve a summons and the charge on the suspect".into(),
            T::Other => "Certified copies of court records".into(),
        }
    }

    fn summary(
        &mut self,
        area: ProgrammeArea,
        kind: CaseKind,
        direction: Direction,
        name: &str,
        opened: NaiveDate,
    ) -> String {
        let pk = self.rng.pick(PK_CITIES);
        let uk = self.rng.pick(UK_CITIES);
        let when = add_days(opened, -self.rng.int(60, 700))
            .format("%B %Y")
            .to_string();
        let amount = money(self.rng.int(40, 4000) * 1000);
        let n = self.rng.int(3, 40);
        let body = match area {
            P::Narcotics => match self.rng.below(2) {
                0 => format!(
                    "{name} is alleged to have organised the importation of {} kg of heroin \
                     concealed in a consignment of textiles shipped from Karachi to Felixstowe in \
                     {when}.",
                    self.rng.int(5, 120)
                ),
                _ => format!(
                    "{name} is alleged to have supplied methamphetamine to dealers in {uk} and \
                     {pk} through encrypted handsets from {when}."
                ),
            },
            P::IllegalMigration => match self.rng.below(2) {
                0 => format!(
                    "{name} is alleged to have run a network moving migrants from {pk} through \
                     Iran and Türkiye to the UK by small boat, charging up to {} a person.",
                    money(self.rng.int(4, 15) * 1000)
                ),
                _ => format!(
                    "{name} is alleged to have supplied forged visas and residence documents to \
                     at least {n} people travelling from {pk} to {uk} since {when}."
                ),
            },
            P::IllicitFinance => match self.rng.below(2) {
                0 => format!(
                    "{name} is alleged to have laundered about {amount} of criminal proceeds \
                     through money service businesses in {uk} and hawala dealers in {pk}."
                ),
                _ => format!(
                    "Property in {uk} worth about {amount} is believed to have been bought by \
                     {name} with the proceeds of corruption in Pakistan."
                ),
            },
            P::OnlineChildExploitation => match self.rng.below(2) {
                0 => format!(
                    "{name} is alleged to have coerced children in the UK into producing \
                     indecent images through a social media platform, operating from {pk}."
                ),
                _ => format!(
                    "Indecent images of children were shared from {n} accounts linked to {name}; \
                     the IP addresses resolve to a provider in {pk}."
                ),
            },
            P::CounterTerrorism => match self.rng.below(2) {
                0 => format!(
                    "{name} is alleged to have collected information useful for an act of \
                     terrorism and to have sent funds to a proscribed organisation in {when}."
                ),
                _ => format!(
                    "{name} is alleged to have transferred about {amount} from {uk} to persons \
                     linked to a proscribed organisation in {pk}."
                ),
            },
            P::HumanTrafficking => format!(
                "{name} is alleged to have recruited {n} workers in {pk} with false promises of \
                 employment and held them in forced labour at premises in {uk}."
            ),
            P::SeriousViolence => match self.rng.below(2) {
                0 => format!(
                    "{name} is accused of a killing in {pk} in {when} after a family dispute over \
                     land, and is believed to have travelled to {uk} within days."
                ),
                _ => format!(
                    "{name} is alleged to have shot and seriously injured a man outside a \
                     wedding hall in {pk} in {when} and then left for the UK."
                ),
            },
            P::FraudCorruption => match self.rng.below(2) {
                0 => format!(
                    "{name} is alleged to have defrauded {n} investors in {uk} and {pk} of about \
                     {amount} through a fake housing scheme."
                ),
                _ => format!(
                    "{name}, a former official, is alleged to have received kickbacks of about \
                     PKR {} million on public procurement contracts in {pk}.",
                    self.rng.int(20, 900)
                ),
            },
            P::Other => match self.rng.below(2) {
                0 => format!(
                    "{name} is alleged to have smuggled cigarettes and firearm parts between {pk} \
                     and {uk} since {when}."
                ),
                _ => format!(
                    "{name} is accused of dishonestly issuing cheques worth PKR {} million that \
                     were dishonoured in {pk}.",
                    self.rng.int(5, 200)
                ),
            },
        };
        if kind == CaseKind::Extradition && direction == Direction::Incoming {
            format!(
                "Accused in FIR No. {}/{}, Police Station {}, {pk}. {body}",
                self.rng.int(12, 980),
                (opened.year() - self.rng.int(0, 2) as i32) % 100,
                self.rng.pick(POLICE_STATIONS),
            )
        } else {
            body
        }
    }

    fn requesting_authority(
        &mut self,
        kind: CaseKind,
        direction: Direction,
        area: ProgrammeArea,
    ) -> &'static str {
        match (kind, direction) {
            (CaseKind::Extradition, Direction::Incoming) => {
                "Ministry of Interior, Government of Pakistan"
            }
            (CaseKind::Extradition, Direction::Outgoing) => {
                if self.rng.chance(0.06) {
                    "Crown Office and Procurator Fiscal Service"
                } else {
                    "CPS International Justice and Organised Crime Division"
                }
            }
            (CaseKind::Mla, Direction::Outgoing) => match area {
                P::FraudCorruption if self.rng.chance(0.4) => "Serious Fraud Office",
                P::IllicitFinance if self.rng.chance(0.4) => "CPS Proceeds of Crime Division",
                P::Other if self.rng.chance(0.5) => "HMRC Fraud Investigation Service",
                P::CounterTerrorism => "CPS Counter Terrorism Division",
                _ => "CPS International Justice and Organised Crime Division",
            },
            (CaseKind::Mla, Direction::Incoming) => match area {
                P::FraudCorruption | P::IllicitFinance if self.rng.chance(0.5) => {
                    "National Accountability Bureau (NAB)"
                }
                P::Narcotics => "Anti-Narcotics Force (ANF)",
                P::CounterTerrorism => "Counter Terrorism Department, Punjab Police",
                P::OnlineChildExploitation => "National Cyber Crime Investigation Agency (NCCIA)",
                _ => {
                    if self.rng.chance(0.5) {
                        "Ministry of Interior (central authority)"
                    } else {
                        "Federal Investigation Agency (FIA)"
                    }
                }
            },
        }
    }

    fn legal_basis(
        &mut self,
        kind: CaseKind,
        direction: Direction,
        area: ProgrammeArea,
    ) -> Vec<LegalBasis> {
        let mut out = match (kind, direction) {
            (CaseKind::Extradition, Direction::Incoming) => vec![LegalBasis::SpecialArrangement],
            (CaseKind::Extradition, Direction::Outgoing) => vec![LegalBasis::PakistanDirection],
            (CaseKind::Mla, Direction::Incoming) => vec![LegalBasis::Cica],
            (CaseKind::Mla, Direction::Outgoing) => vec![LegalBasis::WrittenReciprocity],
        };
        let convention = match area {
            P::Narcotics => Some(LegalBasis::Vienna1988),
            P::FraudCorruption | P::IllicitFinance => Some(LegalBasis::Uncac),
            P::HumanTrafficking | P::IllegalMigration => Some(LegalBasis::Untoc),
            _ => None,
        };
        if let Some(c) = convention
            && self.rng.chance(0.6)
        {
            out.push(c);
        }
        if kind == CaseKind::Mla && self.rng.chance(0.08) {
            out.push(LegalBasis::PoliceToPolice);
        }
        out
    }

    fn opening_references(
        &mut self,
        kind: CaseKind,
        direction: Direction,
        area: ProgrammeArea,
        year: i32,
    ) -> Vec<(ReferenceAuthority, String)> {
        use ReferenceAuthority as R;
        let mut out = Vec::new();
        match (kind, direction) {
            (CaseKind::Extradition, Direction::Incoming) => {
                out.push((
                    R::MinistryOfInterior,
                    format!(
                        "F. No. {}/{}/{year}-Ext",
                        self.rng.int(1, 12),
                        self.rng.int(10, 400)
                    ),
                ));
                if self.rng.chance(0.3) {
                    out.push((
                        R::Interpol,
                        format!(
                            "A-{}/{}-{year}",
                            self.rng.int(1000, 19999),
                            self.rng.int(1, 12)
                        ),
                    ));
                }
            }
            (CaseKind::Extradition, Direction::Outgoing) => {
                out.push((R::Cps, format!("CPS/EXT/{year}/{}", self.rng.digits(4))));
                if self.rng.chance(0.4) {
                    out.push((R::Nca, format!("NCA/ILN/{year}/{}", self.rng.digits(5))));
                }
            }
            (CaseKind::Mla, Direction::Outgoing) => {
                let authority = if area == P::FraudCorruption {
                    R::Other
                } else {
                    R::Cps
                };
                out.push((authority, format!("IJOCD/{year}/{}", self.rng.digits(5))));
            }
            (CaseKind::Mla, Direction::Incoming) => {
                let agency = match area {
                    P::FraudCorruption | P::IllicitFinance => "NAB/RWP",
                    P::Narcotics => "ANF/RD",
                    _ => "FIA/CCW/LHR",
                };
                out.push((
                    R::Fia,
                    format!("{agency}/Enq-{}/{year}", self.rng.int(10, 999)),
                ));
            }
        }
        out
    }

    // -----------------------------------------------------------------------------------------
    // People

    /// Someone from the country of the requested side (`in_uk`): a witness, victim, account
    /// holder or co-suspect.
    fn local_person(&mut self, in_uk: bool, source: Source) -> Person {
        let heritage = if in_uk {
            self.rng.weighted(&[
                (Heritage::British, 45),
                (Heritage::BritishPakistani, 40),
                (Heritage::Pakistani, 15),
            ])
        } else {
            self.rng
                .weighted(&[(Heritage::Pakistani, 85), (Heritage::BritishPakistani, 15)])
        };
        let female = self.rng.chance(0.4);
        self.person(heritage, female, in_uk, source, false)
    }

    fn person(
        &mut self,
        heritage: Heritage,
        female: bool,
        in_uk: bool,
        source: Source,
        subject: bool,
    ) -> Person {
        let id = PersonId(self.ids.next_uuid());
        let (name, father) = if heritage == Heritage::British {
            let given = self.rng.pick(if female { UK_FEMALE } else { UK_MALE });
            let surname = self.rng.pick(UK_SURNAMES);
            let father_given = self.rng.pick(UK_MALE);
            let father = if self.rng.chance(0.1) && father_given != given {
                format!("{father_given} {surname}")
            } else {
                String::new()
            };
            (format!("{given} {surname}"), father)
        } else {
            let surname = self.rng.pick(PK_SURNAMES);
            let father_surname = if self.rng.chance(0.7) {
                surname
            } else {
                self.rng.pick(PK_SURNAMES)
            };
            let father = format!("{} {father_surname}", self.rng.pick(PK_FATHERS));
            let name = if female {
                format!("{} {surname}", self.rng.pick(PK_FEMALE))
            } else if self.rng.chance(0.35) {
                let given = self.rng.pick(PK_MALE);
                if self.rng.chance(0.4) {
                    format!("Muhammad {given}")
                } else {
                    format!("Muhammad {given} {surname}")
                }
            } else {
                format!("{} {surname}", self.rng.pick(PK_MALE))
            };
            (name, father)
        };
        let mut p = Person::new(id, name);
        p.father_name = father;
        p.source = source;
        let earliest = NaiveDate::from_ymd_opt(1960, 1, 1).unwrap_or(self.today);
        // Born 1960–2004, and at least 16 on "today".
        let born = add_days(earliest, self.rng.int(0, 16_436));
        p.date_of_birth = Some(born.min(add_days(self.today, -16 * 366)));
        let uk = Country::uk();
        let pk = Country::pakistan();
        match heritage {
            Heritage::Pakistani => {
                p.nationalities = vec![pk.clone()];
                let cnic = self.cnic(female);
                self.document(&mut p, DocumentKind::Cnic, cnic, &pk);
                if self.rng.chance(0.7) {
                    let number = format!("{}{}", self.rng.letters(2), self.rng.digits(7));
                    self.document(&mut p, DocumentKind::Passport, number, &pk);
                }
                if in_uk && self.rng.chance(0.4) {
                    let number = format!("Z{}{}", self.rng.letters(1), self.rng.digits(7));
                    self.document(&mut p, DocumentKind::UkResidencePermit, number, &uk);
                }
            }
            Heritage::BritishPakistani => {
                p.nationalities = vec![uk.clone(), pk.clone()];
                let number = format!("{}{}", self.rng.int(1, 5), self.rng.digits(8));
                self.document(&mut p, DocumentKind::Passport, number, &uk);
                if self.rng.chance(0.6) {
                    let nicop = self.cnic(female);
                    self.document(&mut p, DocumentKind::Nicop, nicop, &pk);
                }
                if self.rng.chance(0.25) {
                    let number = format!("{}{}", self.rng.letters(2), self.rng.digits(7));
                    self.document(&mut p, DocumentKind::Passport, number, &pk);
                }
            }
            Heritage::British => {
                p.nationalities = vec![uk.clone()];
                let number = format!("{}{}", self.rng.int(1, 5), self.rng.digits(8));
                self.document(&mut p, DocumentKind::Passport, number, &uk);
            }
        }
        let home = if in_uk {
            self.uk_address()
        } else {
            self.pk_address()
        };
        p.addresses.push(home);
        if heritage == Heritage::BritishPakistani && self.rng.chance(0.3) {
            let other = if in_uk {
                self.pk_address()
            } else {
                self.uk_address()
            };
            p.addresses.push(other);
        }
        if subject && self.rng.chance(0.25) {
            let alias = self.alias(&p.name);
            if !alias.trim().is_empty() && alias != p.name {
                p.aliases.push(alias);
            }
        }
        p
    }

    fn alias(&mut self, name: &str) -> String {
        let variants: Vec<(&str, &str)> = SPELLINGS
            .iter()
            .copied()
            .filter(|(from, _)| name.contains(from))
            .collect();
        match self.rng.pick_from(&variants) {
            Some((from, to)) if self.rng.chance(0.75) => name.replacen(from, to, 1),
            _ => {
                let first = name.split_whitespace().next().unwrap_or(name);
                format!("{first} '{}'", self.rng.pick(NICKNAMES))
            }
        }
    }

    fn document(&mut self, p: &mut Person, kind: DocumentKind, number: String, by: &Country) {
        let id = self.record_id();
        p.documents.push(IdentityDocument {
            id,
            kind,
            number,
            issued_by: by.clone(),
        });
    }

    /// `12345-1234567-1`: province code first, last digit odd for men and even for women.
    fn cnic(&mut self, female: bool) -> String {
        let province = self.rng.pick(&["3", "3", "3", "4", "1", "6", "5", "7"]);
        let last = if female {
            self.rng.pick(&["2", "4", "6", "8"])
        } else {
            self.rng.pick(&["1", "3", "5", "7", "9"])
        };
        format!(
            "{province}{}-{}-{last}",
            self.rng.digits(4),
            self.rng.digits(7)
        )
    }

    fn uk_address(&mut self) -> String {
        let (street, town, district) = self.rng.pick(UK_STREETS);
        format!(
            "{} {street}, {town} {district} {}{}",
            self.rng.int(1, 240),
            self.rng.int(1, 9),
            self.rng.letters(2)
        )
    }

    fn pk_address(&mut self) -> String {
        let n = self.rng.int(1, 400).to_string();
        let m = self.rng.int(1, 60).to_string();
        self.rng
            .pick(PK_ADDRESSES)
            .replace("{n}", &n)
            .replace("{m}", &m)
    }

    // -----------------------------------------------------------------------------------------
    // Running a plan through the casebook

    fn run(&mut self, plan: Plan) {
        let Plan {
            index,
            id,
            kind,
            direction,
            opened,
            steps,
            details,
            correct_at,
            ..
        } = plan;
        self.context = format!("case {index} ({kind} {direction})");
        self.last_at = self.at(opened, 0, 0);
        let now = self.stamp(opened);
        let open = Command::OpenCase {
            id,
            kind,
            direction,
            opened,
            details: Box::new(details),
        };
        if self.apply(now, open).is_none() {
            return;
        }
        if let Some(case) = self.book.case(id) {
            self.context = format!("{} ({})", case.reference, case.workflow());
        }
        // The day the case entered its current state.
        let mut since = opened;
        for (k, &(to, date)) in steps.iter().enumerate() {
            let cx = StepCx {
                kind,
                direction,
                to,
                date,
                next: steps.get(k + 1).copied(),
            };
            if correct_at == Some(k) {
                self.wrong_turn(id, &cx, since);
            }
            let override_gate = to.rule().gated && self.rng.chance(0.12);
            let mut request = self.request(&cx);
            if override_gate {
                request.override_reason = Some(self.rng.pick(OVERRIDES).into());
            }
            let needed = self
                .book
                .case(id)
                .map(required_assurances)
                .unwrap_or_default();
            let Some(mut d) = self.book.case(id).map(|c| c.details.clone()) else {
                return;
            };
            if self.prepare(&mut d, &cx, &request, &needed, override_gate) {
                let now = self.stamp(date);
                self.apply(
                    now,
                    Command::UpdateCase {
                        case: id,
                        details: Box::new(d),
                    },
                );
            }
            let now = self.stamp(date);
            let transition = Command::Transition {
                case: id,
                request: Box::new(request),
            };
            if self.apply(now, transition).is_none() {
                break;
            }
            since = date;
        }
        self.finish(id, opened, since);
    }

    /// Records a plausible wrong transition from the current state and corrects it, as an
    /// officer who clicked the wrong status would.
    fn wrong_turn(&mut self, id: CaseId, cx: &StepCx, since: NaiveDate) {
        let Some(case) = self.book.case(id) else {
            return;
        };
        let alternatives: Vec<Status> = case
            .status()
            .next()
            .into_iter()
            .filter(|s| *s != cx.to && !s.rule().gated && blockers(case, *s).is_empty())
            .collect();
        let Some(wrong) = self.rng.pick_from(&alternatives) else {
            return;
        };
        let date = add_days(since, self.rng.int(0, (cx.date - since).num_days().max(0)));
        let wrong_cx = StepCx {
            to: wrong,
            date,
            next: None,
            ..*cx
        };
        let request = self.request(&wrong_cx);
        let now = self.stamp(date);
        let applied = self.apply(
            now,
            Command::Transition {
                case: id,
                request: Box::new(request),
            },
        );
        if let Some(Command::Correct { event, .. }) = applied.and_then(|a| a.undo) {
            let now = self.stamp(date);
            let reason = self.rng.pick(CORRECTIONS).into();
            self.apply(
                now,
                Command::Correct {
                    case: id,
                    event,
                    reason,
                },
            );
        }
    }

    fn request(&mut self, cx: &StepCx) -> TransitionRequest {
        let rule = cx.to.rule();
        let mut request = TransitionRequest::new(cx.to, cx.date);
        for &detail in rule.records {
            let value = self.value(detail, cx);
            request.details.insert(detail, value);
        }
        for &detail in rule.optional {
            if self.rng.chance(0.7) {
                let value = self.value(detail, cx);
                request.details.insert(detail, value);
            }
        }
        request.reason = self.reason(cx);
        if let Some(document) = self.document_for(cx.to)
            && self.rng.chance(0.7)
        {
            request.documents.push(document.into());
        }
        request
    }

    fn value(&mut self, detail: Detail, cx: &StepCx) -> DetailValue {
        match detail.kind() {
            DetailKind::Date => DetailValue::Date(self.date_value(detail, cx)),
            DetailKind::Time => {
                let hour = self.rng.pick(&[5u32, 6, 6, 7, 9, 11, 14, 16, 19, 22]);
                let minute = self.rng.pick(&[0u32, 5, 10, 15, 20, 30, 40, 45, 50]);
                DetailValue::Time(NaiveTime::from_hms_opt(hour, minute, 0).unwrap_or_default())
            }
            DetailKind::Text => DetailValue::Text(self.text_value(detail, cx)),
        }
    }

    fn date_value(&mut self, detail: Detail, cx: &StepCx) -> NaiveDate {
        let date = cx.date;
        match detail {
            Detail::FixedHearingDate => add_days(date, self.rng.int(28, 70)),
            Detail::DatePersonTold => {
                let told = add_days(date, self.rng.int(0, 1));
                let limit = cx.next.map_or(self.today, |(_, d)| d.min(self.today));
                told.min(limit).max(date)
            }
            Detail::ReviewDate | Detail::ReplyDueDate => match cx.next {
                Some((_, next)) => {
                    let stay = (next - date).num_days();
                    if stay >= 2 && self.rng.chance(0.1) {
                        add_days(date, self.rng.int(1, stay - 1))
                    } else {
                        add_days(next, self.rng.int(0, 21))
                    }
                }
                None => add_days(self.today, self.rng.due_offset()).max(add_days(date, 1)),
            },
            Detail::ReturnByDate => match cx.next {
                Some(_) => add_days(date, self.rng.int(60, 365)),
                None => add_days(self.today, self.rng.due_offset()).max(add_days(date, 14)),
            },
            _ => date,
        }
    }

    fn text_value(&mut self, detail: Detail, cx: &StepCx) -> String {
        let year = cx.date.year();
        let incoming = cx.direction == Direction::Incoming;
        let next = cx.next.map(|(s, _)| s);
        let r = &mut self.rng;
        match detail {
            Detail::UrgencyReason => r
                .pick(&[
                    "Subject has booked a flight to Dubai",
                    "Co-accused arrested; risk that the subject flees",
                    "Subject identified at a new address",
                    "Subject believed to be about to move to a third country",
                ])
                .into(),
            Detail::WarrantDetails => format!(
                "Warrant of arrest issued by the Judicial Magistrate, {}, in FIR No. {}/{}, PS {}",
                r.pick(PK_CITIES),
                r.int(12, 980),
                year % 100,
                r.pick(POLICE_STATIONS)
            ),
            Detail::Court => WMC.into(),
            Detail::CustodyOrBail | Detail::Remand => r
                .pick(&[
                    "Remanded in custody",
                    "Remanded in custody; bail refused (risk of absconding)",
                    "Conditional bail: residence, curfew 21:00–06:00, passport surrendered",
                    "Conditional bail with an electronic tag and a £50,000 security",
                ])
                .into(),
            Detail::Channel => match (cx.kind, incoming) {
                (CaseKind::Extradition, _) => r
                    .pick(&[
                        "Note verbale from the Pakistan High Commission, London",
                        "Ministry of Interior to UKCA through the British High Commission",
                        "Diplomatic bag, British High Commission, Islamabad",
                    ])
                    .into(),
                (CaseKind::Mla, true) => r
                    .pick(&[
                        "Ministry of Interior (central authority) to UKCA",
                        "Pakistan High Commission, London, to UKCA",
                        "FIA through the NCA (INTERPOL Manchester), urgent; original to follow",
                    ])
                    .into(),
                (CaseKind::Mla, false) => r
                    .pick(&[
                        "UKCA to the Ministry of Interior (central authority)",
                        "Direct to the FIA MLA unit, copy to the Ministry of Interior",
                        "INTERPOL Islamabad (urgent); original through the central authority",
                    ])
                    .into(),
            },
            Detail::CertificateTerms => "Special extradition arrangement for this person only \
                (s.194); speciality and death penalty assurances to be given"
                .into(),
            Detail::Findings => match next {
                Some(Status::Incoming(A::Discharged)) => {
                    "Passage of time bar (s.82) upheld; the person is discharged".into()
                }
                Some(Status::Incoming(A::SentToSos)) => r
                    .pick(&[
                        "No bars to extradition; case to answer; extradition compatible with \
                         Convention rights (s.87)",
                        "Bars rejected; case to answer; Article 3 concerns met by assurances on \
                         prison conditions",
                    ])
                    .into(),
                _ => "Hearing part-heard; findings on bars, case to answer and human rights \
                      to follow"
                    .into(),
            },
            Detail::LeaveToAppeal => r
                .pick(&[
                    "Leave granted on the papers",
                    "Leave granted on renewal at an oral hearing",
                    "Leave application pending",
                ])
                .into(),
            // Dates and times are not text.
            Detail::ReviewDate
            | Detail::ReplyDueDate
            | Detail::ReturnByDate
            | Detail::ArrestTime
            | Detail::FixedHearingDate
            | Detail::DatePersonTold => String::new(),
            Detail::ClosureReason => closure_reason(r, cx).into(),
            Detail::DomesticWarrant => format!(
                "Warrant issued at {} Crown Court on the charge",
                r.pick(&["Southwark", "Birmingham", "Manchester", "Bradford", "Luton"])
            ),
            Detail::NoticeType => r.pick(&["Red Notice", "Red Notice", "Diffusion"]).into(),
            Detail::NoticeNumber => {
                format!("A-{}/{}-{year}", r.int(1000, 19999), r.int(1, 12))
            }
            Detail::NoteVerbale => format!("BHC Islamabad NV No. {}/{year}", r.int(10, 999)),
            Detail::PakistanFileNumber => {
                format!("F. No. {}/{}/{year}-Ext", r.int(1, 12), r.int(10, 400))
            }
            Detail::InquiryMagistrate => r
                .pick(&[
                    "Judicial Magistrate Section 30, Islamabad",
                    "Senior Civil Judge, Lahore, as Inquiry Magistrate",
                    "Judicial Magistrate, Karachi South",
                ])
                .into(),
            Detail::PrimaFacieFinding => match next {
                Some(Status::Outgoing(B::Discharged)) => "Prima facie case not made out".into(),
                _ => "Prima facie case made out; report sent to the Federal Government".into(),
            },
            Detail::PetitionNumber => {
                format!("W.P. No. {}/{year}, Islamabad High Court", r.int(100, 4999))
            }
            Detail::InformationRequested => r
                .pick(&[
                    "Certified English translations of the witness statements",
                    "Fuller details of the bank accounts and the date range",
                    "Confirmation that the death penalty will not be sought",
                    "The text of the statutory provisions and the penalties",
                    "A clearer link between the suspect and the accounts",
                ])
                .into(),
            Detail::Signatory => {
                if incoming {
                    r.pick(&[
                        "Deputy Attorney General for Pakistan",
                        "Section Officer (MLA), Ministry of Interior",
                        "Additional Director, FIA MLA unit",
                    ])
                    .into()
                } else {
                    r.pick(&[
                        "Senior Crown Prosecutor, CPS International Justice and Organised Crime \
                         Division",
                        "District Judge (Magistrates' Courts), Westminster",
                        "Case Controller, Serious Fraud Office",
                    ])
                    .into()
                }
            }
            Detail::OtherSideReference => {
                if incoming {
                    format!("MLI/{year}/{}", r.digits(5))
                } else {
                    format!("MoI F. No. {}/{}/{year}-MLA", r.int(1, 12), r.int(10, 400))
                }
            }
            Detail::QuestionAsked => r
                .pick(&[
                    "Please confirm the account numbers and the period for the bank records",
                    "Please give the witness's current address and the questions to be put",
                    "Please explain the delay since the offence (over 10 years)",
                    "Please state the estimated loss (de minimis policy)",
                ])
                .into(),
            Detail::ExecutingAuthority => {
                if incoming {
                    r.pick(&[
                        "Westminster Magistrates' Court (nominated court)",
                        "Metropolitan Police Service",
                        "National Crime Agency",
                        "HM Revenue and Customs",
                        "West Midlands Police",
                        "Greater Manchester Police",
                    ])
                    .into()
                } else {
                    r.pick(&[
                        "FIA Cyber Crime Wing, Lahore",
                        "FIA Anti-Money Laundering Circle, Karachi",
                        "ANF Regional Directorate, Rawalpindi",
                        "NAB Rawalpindi",
                        "Counter Terrorism Department, Punjab Police",
                    ])
                    .into()
                }
            }
            Detail::ItemsDelivered => r
                .pick(&[
                    "Bank records for two of three accounts",
                    "Statement of the first witness",
                    "Subscriber data; call records still awaited",
                    "Certified copies of the property records",
                ])
                .into(),
            Detail::Authentication => r
                .pick(&[
                    "Certified by the executing officer",
                    "Certified true copies under the seal of the Ministry of Interior",
                    "Authenticated by the nominated court",
                ])
                .into(),
            Detail::UseLimitations => r
                .pick(&[
                    "Use only for the investigation and prosecution described in the request",
                    "No onward disclosure without the requested state's consent",
                    "Use limited to the named suspects",
                ])
                .into(),
            Detail::RefusalGrounds => {
                if cx.kind == CaseKind::Extradition {
                    r.pick(&[
                        "Federal Government declined to issue a s.4 direction",
                        "Refused: the offence is of a political character (Extradition Act \
                         1972 s.5)",
                    ])
                    .into()
                } else {
                    r.pick(&[
                        "Dual criminality not satisfied for the coercive measures",
                        "Death penalty assurance not provided",
                        "Below the de minimis threshold (loss under £1,000)",
                        "Execution would prejudice an ongoing investigation",
                    ])
                    .into()
                }
            }
        }
    }

    fn reason(&mut self, cx: &StepCx) -> String {
        let options: &[&str] = match cx.to {
            Status::Incoming(A::RequestReceived) => &[
                "Request received from the Ministry of Interior",
                "Full request received after provisional arrest",
            ],
            Status::Incoming(A::WarrantIssued) => &["Warrant issued by the district judge (s.71)"],
            Status::Incoming(A::Arrested | A::PaArrested) => &["Arrested by the Metropolitan \
                Police Extradition Unit"],
            Status::Incoming(A::SentToSos) => &["Case sent to the Secretary of State (s.92)"],
            Status::Incoming(A::SosOrdered) => &["Extradition ordered (s.93)"],
            Status::Outgoing(B::RequestIssued) => &["Request signed off by the CPS"],
            Status::Outgoing(B::UnderConsideration) => &["Registered by the Ministry of Interior"],
            Status::Mla(C::InReview) => &["Draft sent to the reviewing lawyer"],
            Status::Mla(C::Issued) => &["Letter of request signed"],
            Status::Mla(C::Acknowledged) => &["Acknowledgement received"],
            Status::Mla(C::Accepted) => &["Request accepted for execution"],
            _ => &[],
        };
        match self.rng.pick_from(options) {
            Some(text) if self.rng.chance(0.8) => text.into(),
            _ => String::new(),
        }
    }

    fn document_for(&self, to: Status) -> Option<&'static str> {
        Some(match to {
            Status::Incoming(A::RequestReceived) => "Extradition request (English and Urdu)",
            Status::Incoming(A::SpecialArrangementCertified) => "Special arrangement certificate",
            Status::Incoming(A::WarrantIssued) => "Arrest warrant",
            Status::Incoming(A::SentToSos) => "District judge's ruling",
            Status::Incoming(A::SosOrdered) => "Extradition order",
            Status::Outgoing(B::NoticePublished) => "INTERPOL notice",
            Status::Outgoing(B::RequestIssued) => "Extradition request bundle",
            Status::Outgoing(B::Transmitted) | Status::Mla(C::Transmitted) => "Note verbale",
            Status::Mla(C::Issued) => "Letter of request",
            Status::Mla(C::Executed) => "Evidence schedule",
            Status::Mla(C::EvidenceReceived) => "Evidence receipt",
            _ => return None,
        })
    }

    // -----------------------------------------------------------------------------------------
    // Keeping the case's particulars in step with its status

    /// Updates the case's particulars for the transition about to be recorded: the checklist
    /// and assurances for gates, hearings, references and assistance progress. Returns whether
    /// anything changed.
    fn prepare(
        &mut self,
        d: &mut CaseDetails,
        cx: &StepCx,
        request: &TransitionRequest,
        needed: &[AssuranceKind],
        override_gate: bool,
    ) -> bool {
        let date = cx.date;
        let text = |detail: Detail| match request.details.get(&detail) {
            Some(DetailValue::Text(t)) => t.clone(),
            _ => String::new(),
        };
        let hearing_date = |g: &mut Self| match cx.next {
            Some((_, next)) => {
                let span = (next - date).num_days();
                add_days(date, g.rng.int(span / 2, span))
            }
            None => add_days(date, g.rng.int(30, 150)),
        };
        let mut changed = true;
        match cx.to {
            Status::Incoming(A::PaArrested) => {
                let outcome = text(Detail::CustodyOrBail);
                self.hearing(
                    d,
                    add_days(date, 1).min(self.today).max(date),
                    HearingKind::Initial,
                    WMC,
                    outcome,
                );
            }
            Status::Incoming(A::RequestReceived) => {
                self.progress(d, 0.75);
                for &kind in needed {
                    self.request_assurance(d, kind, date);
                }
                if self.rng.chance(0.2) {
                    self.request_assurance(d, AssuranceKind::FairTrial, date);
                }
            }
            Status::Incoming(A::SpecialArrangementCertified) => {
                for item in &mut d.checklist {
                    if item.label.contains("Special arrangement") {
                        item.status = DocumentStatus::Received;
                    }
                }
                self.progress(d, 0.5);
            }
            Status::Incoming(A::InitialHearing) => {
                self.hearing(
                    d,
                    date,
                    HearingKind::Initial,
                    WMC,
                    "Extradition hearing fixed".into(),
                );
                if cx.next.is_none()
                    && let Some(DetailValue::Date(fixed)) =
                        request.details.get(&Detail::FixedHearingDate)
                {
                    self.hearing(d, *fixed, HearingKind::Extradition, WMC, "Listed".into());
                }
            }
            Status::Incoming(A::Consented) => {
                let outcome = "Consent to extradition given (s.127)".to_string();
                self.hearing(d, date, HearingKind::Other, WMC, outcome);
            }
            Status::Incoming(A::ExtraditionHearing) => {
                let outcome = match cx.next.map(|(s, _)| s) {
                    Some(Status::Incoming(A::SentToSos)) => "Case sent to the Secretary of State",
                    Some(Status::Incoming(A::Discharged)) => "Discharged",
                    Some(Status::Incoming(A::Adjourned)) => "Adjourned",
                    Some(_) => "Concluded",
                    None => "Part-heard; judgment reserved",
                };
                self.hearing(d, date, HearingKind::Extradition, WMC, outcome.into());
            }
            Status::Incoming(A::AppealHc) | Status::Incoming(A::AppealSc) => {
                let court = if cx.to == Status::Incoming(A::AppealHc) {
                    "High Court (Administrative Court)"
                } else {
                    "Supreme Court"
                };
                let when = hearing_date(self);
                let outcome = match cx.next.map(|(s, _)| s) {
                    _ if when > self.today => "Listed",
                    Some(Status::Incoming(A::AwaitingSurrender)) => "Appeal dismissed",
                    Some(Status::Incoming(A::Discharged)) => "Appeal allowed; discharged",
                    Some(Status::Incoming(A::AppealSc)) => {
                        "Appeal dismissed; point of law of general public importance certified"
                    }
                    Some(_) => "Appeal withdrawn",
                    None => "Judgment reserved",
                };
                self.hearing(d, when, HearingKind::Appeal, court, outcome.into());
            }
            Status::Outgoing(B::NoticePublished) => {
                let number = text(Detail::NoticeNumber);
                self.reference(d, ReferenceAuthority::Interpol, number);
            }
            Status::Outgoing(B::FileInPreparation) => self.progress(d, 0.4),
            Status::Outgoing(B::ReturnedForInfo) | Status::Mla(C::ReturnedDeficient) => {
                let note = text(Detail::InformationRequested);
                self.deficient(d, note);
            }
            Status::Outgoing(B::UnderConsideration) => {
                let number = text(Detail::PakistanFileNumber);
                self.reference(d, ReferenceAuthority::MinistryOfInterior, number);
            }
            Status::Outgoing(B::InquiryOrdered) => {
                let court = text(Detail::InquiryMagistrate);
                let when = hearing_date(self);
                let outcome = if when > self.today {
                    "Listed"
                } else {
                    "Inquiry opened"
                };
                self.hearing(d, when, HearingKind::Inquiry, &court, outcome.into());
            }
            Status::Outgoing(B::FugitiveArrested) => {
                let outcome = "Produced before the Inquiry Magistrate; remanded (s.8)".into();
                self.hearing(d, date, HearingKind::Inquiry, "Inquiry Magistrate", outcome);
            }
            Status::Outgoing(B::WritPending) => {
                let when = hearing_date(self);
                let outcome = if when > self.today {
                    "Listed"
                } else {
                    "Notice issued to the Federal Government"
                };
                self.hearing(
                    d,
                    when,
                    HearingKind::Writ,
                    "Islamabad High Court",
                    outcome.into(),
                );
            }
            Status::Mla(C::InReview) => self.progress(d, 0.6),
            Status::Mla(C::Issued) if cx.direction == Direction::Outgoing => {
                let value = format!("MLO/{}/{}", date.year(), self.rng.digits(5));
                self.reference(d, ReferenceAuthority::UkcaMlo, value);
            }
            Status::Mla(C::Acknowledged) => {
                let authority = if cx.direction == Direction::Incoming {
                    ReferenceAuthority::UkcaMli
                } else {
                    ReferenceAuthority::MinistryOfInterior
                };
                self.reference(d, authority, text(Detail::OtherSideReference));
            }
            Status::Mla(C::InExecution) => {
                for item in &mut d.mla.assistance {
                    if item.progress == AssistanceProgress::Pending && self.rng.chance(0.7) {
                        item.progress = AssistanceProgress::InProgress;
                    }
                }
            }
            Status::Mla(C::PartiallyExecuted) => {
                let n = d.mla.assistance.len();
                let delivered = self.rng.int(1, (n as i64 - 1).max(1)) as usize;
                for (i, item) in d.mla.assistance.iter_mut().enumerate() {
                    if i < delivered {
                        item.progress = AssistanceProgress::Delivered;
                    } else if item.progress == AssistanceProgress::Pending {
                        item.progress = AssistanceProgress::InProgress;
                    }
                }
            }
            Status::Mla(C::Executed) => {
                let refuse_one = d.mla.assistance.len() > 1 && self.rng.chance(0.1);
                for (i, item) in d.mla.assistance.iter_mut().enumerate() {
                    item.progress = if refuse_one && i == 0 {
                        AssistanceProgress::Refused
                    } else {
                        AssistanceProgress::Delivered
                    };
                }
            }
            Status::Mla(C::Refused) => {
                for item in &mut d.mla.assistance {
                    if item.progress != AssistanceProgress::Delivered {
                        item.progress = AssistanceProgress::Refused;
                    }
                }
            }
            _ => changed = false,
        }
        if cx.to.rule().gated {
            self.satisfy_gate(d, date, needed, override_gate);
            changed = true;
        }
        changed
    }

    fn hearing(
        &mut self,
        d: &mut CaseDetails,
        date: NaiveDate,
        kind: HearingKind,
        court: &str,
        outcome: String,
    ) {
        let id = self.record_id();
        d.hearings.push(Hearing {
            id,
            date,
            kind,
            court: court.into(),
            outcome,
        });
    }

    fn reference(&mut self, d: &mut CaseDetails, authority: ReferenceAuthority, value: String) {
        if value.trim().is_empty()
            || d.external_references
                .iter()
                .any(|r| r.authority == authority)
        {
            return;
        }
        let id = self.record_id();
        d.external_references.push(ExternalReference {
            id,
            authority,
            value,
        });
    }

    /// Documents arrive: each outstanding item is received with probability `p`.
    fn progress(&mut self, d: &mut CaseDetails, p: f64) {
        for item in &mut d.checklist {
            if item.status.is_satisfied() {
                continue;
            }
            if self.rng.chance(p) {
                item.status = if self.rng.chance(0.4) {
                    DocumentStatus::Verified
                } else {
                    DocumentStatus::Received
                };
            } else if item.status == DocumentStatus::Missing && self.rng.chance(0.6) {
                item.status = DocumentStatus::Requested;
            }
        }
    }

    /// The other side found a gap: one required item becomes deficient.
    fn deficient(&mut self, d: &mut CaseDetails, note: String) {
        let required: Vec<usize> = (0..d.checklist.len())
            .filter(|&i| d.checklist[i].required)
            .collect();
        if let Some(i) = self.rng.pick_from(&required) {
            d.checklist[i].status = DocumentStatus::Deficient;
            d.checklist[i].note = note;
        }
    }

    fn request_assurance(&mut self, d: &mut CaseDetails, kind: AssuranceKind, date: NaiveDate) {
        if d.assurances.iter().any(|a| a.kind == kind) {
            return;
        }
        let id = self.record_id();
        d.assurances.push(Assurance {
            id,
            kind,
            requested: Some(date),
            received: None,
            accepted: None,
            note: String::new(),
        });
    }

    /// Everything a gated transition needs: required documents received or verified (all but
    /// one when the officer will override), optional ones settled, assurances accepted.
    fn satisfy_gate(
        &mut self,
        d: &mut CaseDetails,
        date: NaiveDate,
        needed: &[AssuranceKind],
        override_gate: bool,
    ) {
        for item in &mut d.checklist {
            if item.status.is_satisfied() {
                continue;
            }
            item.status = if !item.required && self.rng.chance(0.5) {
                DocumentStatus::NotApplicable
            } else if self.rng.chance(0.5) {
                DocumentStatus::Verified
            } else {
                DocumentStatus::Received
            };
            if item.status.is_satisfied() {
                item.note.clear();
            }
        }
        if override_gate {
            let required: Vec<usize> = (0..d.checklist.len())
                .filter(|&i| d.checklist[i].required)
                .collect();
            if let Some(i) = self.rng.pick_from(&required) {
                d.checklist[i].status = DocumentStatus::Requested;
                d.checklist[i].note = "Promised; original to follow".into();
            }
        }
        for &kind in needed {
            let requested = add_days(date, -self.rng.int(10, 40));
            self.request_assurance(d, kind, requested);
        }
        for a in &mut d.assurances {
            if !needed.contains(&a.kind) || a.accepted.is_some() {
                continue;
            }
            let requested = a.requested.unwrap_or(date).min(date);
            let received = add_days(date, -self.rng.int(0, 9)).max(requested);
            let accepted = add_days(date, -self.rng.int(0, 3)).max(received);
            a.requested = Some(requested);
            a.received = Some(received);
            a.accepted = Some(accepted);
            a.note = match a.kind {
                AssuranceKind::DeathPenalty => {
                    "Written assurance that the death penalty will not be sought or carried out"
                        .into()
                }
                AssuranceKind::Speciality => "Speciality assurance by note verbale".into(),
                _ => String::new(),
            };
        }
    }

    // -----------------------------------------------------------------------------------------
    // After the last step

    /// Notes and tasks; a court's extension of a deadline; evidence returned.
    fn finish(&mut self, id: CaseId, opened: NaiveDate, last: NaiveDate) {
        let Some(case) = self.book.case(id) else {
            return;
        };
        let status = case.status();
        let open = !status.is_terminal();
        let mut d = case.details.clone();
        let until = if open { self.today } else { last };
        for _ in 0..self.rng.weighted(&[(0, 30), (1, 35), (2, 25), (3, 10)]) {
            let written = add_days(opened, self.rng.int(0, (until - opened).num_days()));
            let id = self.record_id();
            d.notes.push(Note {
                id,
                written,
                author: self.rng.pick(TEAM).into(),
                text: self.rng.pick(NOTES).into(),
            });
        }
        d.notes.sort_by_key(|n| n.written);
        let tasks = if open {
            self.rng.weighted(&[(0, 35), (1, 40), (2, 25)])
        } else {
            self.rng.weighted(&[(0, 80), (1, 20)])
        };
        for _ in 0..tasks {
            let text = self.rng.pick(TASKS);
            if d.tasks.iter().any(|t| t.text == text) {
                continue;
            }
            let id = self.record_id();
            d.tasks.push(Task {
                id,
                text: text.into(),
                due: Some(if open {
                    add_days(self.today, self.rng.int(-10, 30))
                } else {
                    add_days(last, -self.rng.int(0, 20))
                }),
                done: !open || self.rng.chance(0.2),
            });
        }
        let now = self.stamp(until);
        self.apply(
            now,
            Command::UpdateCase {
                case: id,
                details: Box::new(d),
            },
        );

        let Some(case) = self.book.case(id) else {
            return;
        };
        let on_hold = matches!(
            case.status(),
            Status::Incoming(A::Deferred | A::Postponed | A::Adjourned)
        );
        let pending: Vec<_> = clocks(case, self.today)
            .into_iter()
            .filter(|c| c.is_pending())
            .collect();
        for clock in pending {
            match clock.key {
                ClockKey::UkSosDecision | ClockKey::UkSurrender
                    if on_hold && self.rng.chance(0.7) =>
                {
                    let new_due =
                        add_days(self.today, self.rng.int(-5, 60)).max(add_days(clock.due, 1));
                    let reason = if clock.key == ClockKey::UkSurrender {
                        "Surrender postponed; new date agreed with the requesting state"
                    } else {
                        "Decision deferred; the High Court extended the period"
                    };
                    let now = self.stamp(last);
                    self.apply(
                        now,
                        Command::ExtendClock {
                            case: id,
                            clock: clock.key,
                            started_by: clock.started_by,
                            new_due,
                            reason: reason.into(),
                        },
                    );
                }
                ClockKey::UkSosDecision if !on_hold && self.rng.chance(0.3) => {
                    let on = add_days(clock.due, -self.rng.int(0, 10))
                        .max(last)
                        .min(self.today);
                    let Some(new_due) = clock.due.checked_add_months(Months::new(1)) else {
                        continue;
                    };
                    let now = self.stamp(on);
                    self.apply(
                        now,
                        Command::ExtendClock {
                            case: id,
                            clock: clock.key,
                            started_by: clock.started_by,
                            new_due,
                            reason: "High Court extended the period on the Secretary of \
                                     State's application"
                                .into(),
                        },
                    );
                }
                ClockKey::MlaRequiredBy if clock.due < self.today && self.rng.chance(0.25) => {
                    let on = add_days(clock.due, self.rng.int(1, 5))
                        .max(last)
                        .min(self.today);
                    let new_due = add_days(self.today, self.rng.int(7, 45));
                    let now = self.stamp(on);
                    self.apply(
                        now,
                        Command::ExtendClock {
                            case: id,
                            clock: clock.key,
                            started_by: clock.started_by,
                            new_due,
                            reason: "Trial date moved; the prosecutor agreed a later date".into(),
                        },
                    );
                }
                ClockKey::EvidenceReturn
                    if clock.due < add_days(self.today, 30)
                        && self.rng.chance(if open { 0.3 } else { 0.8 }) =>
                {
                    let on = add_days(clock.due, -self.rng.int(-5, 20))
                        .max(last)
                        .min(self.today);
                    let now = self.stamp(on);
                    self.apply(
                        now,
                        Command::MeetClock {
                            case: id,
                            clock: clock.key,
                            started_by: clock.started_by,
                            on,
                            note: "Exhibits returned to the requested state's central \
                                   authority"
                                .into(),
                        },
                    );
                }
                _ => {}
            }
        }
    }

    /// Links two cases both ways.
    fn link(&mut self, a: CaseId, b: CaseId, kind: LinkKind) {
        for (from, to) in [(a, b), (b, a)] {
            let Some(case) = self.book.case(from) else {
                continue;
            };
            if self.book.case(to).is_none() || case.details.links.iter().any(|l| l.case == to) {
                continue;
            }
            let mut d = case.details.clone();
            d.links.push(CaseLink { case: to, kind });
            let day = case.last_update().min(self.today);
            self.context = format!("link {}", case.reference);
            self.last_at = self.at(day, 0, 0);
            let now = self.stamp(day);
            self.apply(
                now,
                Command::UpdateCase {
                    case: from,
                    details: Box::new(d),
                },
            );
        }
    }
}

fn closure_reason(r: &mut Rng, cx: &StepCx) -> &'static str {
    let options: &[&str] = match cx.to {
        Status::Incoming(A::Discharged) => &[
            "Discharged: the death penalty assurance was not adequate (s.94)",
            "Discharged: passage of time (s.82)",
            "Discharged on appeal: Article 3 ECHR (prison conditions)",
            "Discharged: papers not received in time after provisional arrest (s.74)",
        ],
        Status::Incoming(A::Withdrawn) => &[
            "Request withdrawn by the Ministry of Interior",
            "Withdrawn: the subject is being prosecuted in the UK instead",
        ],
        Status::Incoming(A::NotCertified) => {
            &["The Secretary of State declined to make a special arrangement (s.194)"]
        }
        Status::Incoming(A::SubjectNotLocated) | Status::Outgoing(B::SubjectNotLocated) => &[
            "Subject not found at any known address; circulated as wanted",
            "Subject believed to have left for a third country",
        ],
        Status::Incoming(A::ClosedAlternativeRemoval) => &[
            "Deported under the 2022 returns arrangement",
            "Removed as a foreign national offender after sentence",
        ],
        Status::Incoming(A::ClosedNoAction) => &[
            "Insufficient information to proceed; the partner was told",
            "Subject not in the UK",
        ],
        Status::Outgoing(B::Withdrawn) => &[
            "Request withdrawn after the CPS reviewed the evidence",
            "Withdrawn: the subject died",
        ],
        Status::Outgoing(B::Lapsed) => &["No response from Pakistan after repeated chasers"],
        Status::Outgoing(B::ClosedAlternative) => &[
            "Subject returned voluntarily and was arrested on arrival at Heathrow",
            "Prosecuted in Pakistan instead (transfer of proceedings)",
        ],
        Status::Outgoing(B::Closed) => &["Subject found to be outside Pakistan"],
        Status::Outgoing(B::Discharged) => &[
            "Discharged by the Inquiry Magistrate: no prima facie case",
            "Discharged by the Islamabad High Court on the writ petition",
        ],
        Status::Mla(C::Closed) => &[
            "All assistance delivered; file closed",
            "Evidence served at trial; file closed",
        ],
        Status::Mla(C::Withdrawn) => &[
            "Withdrawn: investigation discontinued",
            "Withdrawn: the evidence was obtained by other means",
        ],
        Status::Mla(C::Lapsed) => {
            &["No response after 90 days; the requesting authority no longer needs it"]
        }
        Status::Mla(C::Abandoned) => &[
            "Draft abandoned: below the de minimis threshold (loss under £1,000)",
            "Abandoned: offences over 10 years old without an explanation",
            "Abandoned: the suspect was charged on domestic evidence",
        ],
        _ => &["Closed"],
    };
    r.pick(options)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Case;
    use crate::domain::check::check_casebook;
    use crate::domain::event::EventKind;
    use std::collections::BTreeSet;
    use std::sync::OnceLock;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 16).unwrap()
    }

    /// One 600-case casebook shared by the tests, with the commands it refused.
    fn sample() -> &'static (Casebook, Vec<String>) {
        static BOOK: OnceLock<(Casebook, Vec<String>)> = OnceLock::new();
        BOOK.get_or_init(|| generate_checked(600, 7, today()))
    }

    #[test]
    fn every_command_is_accepted() {
        let (book, errors) = sample();
        assert!(errors.is_empty(), "refused commands: {errors:#?}");
        assert_eq!(book.cases().len(), 600);
        for n in [0, 1, 5, 70] {
            let (book, errors) = generate_checked(n, 99, today());
            assert!(errors.is_empty(), "{n} cases: {errors:#?}");
            assert_eq!(book.cases().len(), n);
        }
    }

    #[test]
    fn same_seed_and_day_give_the_same_casebook_and_another_seed_another() {
        let a = generate(120, 42, today());
        assert_eq!(a, generate(120, 42, today()));
        assert_ne!(a, generate(120, 43, today()));
        assert_ne!(a.cases()[0].id, generate(120, 43, today()).cases()[0].id);
    }

    #[test]
    fn the_casebook_passes_the_semantic_check() {
        let (book, _) = sample();
        let findings = check_casebook(book, today());
        assert!(findings.is_empty(), "{findings:#?}");
        assert!(book.settings.sample);
        assert_eq!(book.settings.officer_name, "Demo officer");
        assert!(!book.agencies().is_empty() && !book.contacts().is_empty());
    }

    #[test]
    fn every_state_of_every_workflow_is_some_case_s_status() {
        let states: Vec<Status> = Workflow::ALL.iter().flat_map(|w| w.states()).collect();
        // One case per state is enough: the first cases aim at each state in turn.
        let (exact, errors) = generate_checked(states.len(), 3, today());
        assert!(errors.is_empty(), "{errors:#?}");
        for book in [&sample().0, &exact] {
            let seen: BTreeSet<Status> = book.cases().iter().map(|c| c.status()).collect();
            for s in &states {
                assert!(seen.contains(s), "no case in {}", s.code());
            }
        }
    }

    #[test]
    fn clocks_are_overdue_due_soon_later_and_met() {
        let (book, _) = sample();
        let all: Vec<_> = book
            .cases()
            .iter()
            .flat_map(|c| clocks(c, today()))
            .collect();
        let overdue = all.iter().filter(|c| c.is_overdue()).count();
        let soon = all
            .iter()
            .filter(|c| c.is_pending() && (0..=7).contains(&c.days_left))
            .count();
        let later = all
            .iter()
            .filter(|c| c.is_pending() && c.days_left > 7)
            .count();
        let met = all
            .iter()
            .filter(|c| c.status == crate::domain::ClockStatus::Met)
            .count();
        let extended = all
            .iter()
            .filter(|c| c.status == crate::domain::ClockStatus::Extended)
            .count();
        assert!(overdue >= 10, "overdue {overdue}");
        assert!(soon >= 10, "due within 7 days {soon}");
        assert!(later >= 10, "later {later}");
        assert!(met >= 50, "met {met}");
        assert!(extended >= 1, "extended {extended}");
        let required_by: Vec<_> = all
            .iter()
            .filter(|c| c.key == ClockKey::MlaRequiredBy)
            .collect();
        assert!(required_by.iter().any(|c| c.is_overdue()));
        assert!(
            required_by
                .iter()
                .any(|c| c.is_pending() && (0..=7).contains(&c.days_left))
        );
    }

    #[test]
    fn areas_kinds_and_directions_are_all_present() {
        let (book, _) = sample();
        let areas: BTreeSet<ProgrammeArea> = book.cases().iter().map(|c| c.details.area).collect();
        assert_eq!(areas.len(), ProgrammeArea::ALL.len());
        let mut offence_areas = BTreeSet::new();
        for c in book.cases() {
            offence_areas.extend(c.details.offences.iter().map(|o| o.area));
        }
        assert_eq!(offence_areas.len(), ProgrammeArea::ALL.len());
        let pairs: BTreeSet<(CaseKind, Direction)> =
            book.cases().iter().map(|c| (c.kind, c.direction)).collect();
        assert_eq!(pairs.len(), 4);
    }

    #[test]
    fn histories_show_overrides_corrections_links_and_realistic_particulars() {
        let (book, _) = sample();
        let events = || book.cases().iter().flat_map(|c| c.history());
        assert!(events().any(|e| matches!(
            &e.kind,
            EventKind::Transition { override_reason: Some(_), overridden, .. } if !overridden.is_empty()
        )));
        assert!(events().any(|e| matches!(e.kind, EventKind::Correction { .. })));
        assert!(events().any(|e| matches!(e.kind, EventKind::ClockMet { .. })));
        assert!(book.cases().iter().any(|c| !c.details.links.is_empty()));
        assert!(book.cases().iter().any(|c| !c.details.hearings.is_empty()));
        assert!(book.cases().iter().any(|c| c.details.ncnd));
        let earliest = add_days(today(), -WINDOW_DAYS - 1);
        for c in book.cases() {
            assert!(
                c.opened >= earliest && c.opened <= today(),
                "{}",
                c.reference
            );
            assert!(c.last_update() <= today(), "{}", c.reference);
            if c.kind == CaseKind::Mla {
                assert!(!c.details.mla.assistance.is_empty());
            }
            // The death penalty is available only for the Pakistani statutes that carry it, and
            // only matters where Pakistan is the requesting state.
            const CAPITAL: &[&str] = &[
                "PPC s.302",
                "PPC s.365-A",
                "CNSA 1997 s.9(c)",
                "Anti-Terrorism Act 1997 s.7",
            ];
            for o in &c.details.offences {
                if o.death_penalty == DeathPenalty::NotAssessed {
                    continue;
                }
                let capital =
                    c.direction == Direction::Incoming && CAPITAL.contains(&o.statute.as_str());
                assert_eq!(
                    o.death_penalty == DeathPenalty::Available,
                    capital,
                    "{} {}",
                    c.reference,
                    o.statute
                );
            }
        }
        // References run in date order within each series (EI-2025-0001, EI-2025-0002…).
        let mut by_reference: Vec<&Case> = book.cases().iter().collect();
        by_reference.sort_by(|a, b| a.reference.cmp(&b.reference));
        for pair in by_reference.windows(2) {
            if pair[0].reference[..8] == pair[1].reference[..8] {
                assert!(pair[0].opened <= pair[1].opened, "{}", pair[1].reference);
            }
        }
        let people = book.people();
        assert!(people.iter().any(|p| p.nationalities.len() == 2));
        assert!(people.iter().any(|p| !p.aliases.is_empty()));
        assert!(
            people
                .iter()
                .any(|p| p.name.contains('ë') || p.name.contains('á') || p.name.contains('é'))
        );
        assert!(
            people
                .iter()
                .any(|p| p.documents.iter().any(|d| d.kind == DocumentKind::Cnic))
        );
        assert!(people.iter().all(|p| {
            let year = p.date_of_birth.map_or(0, |d| d.year());
            (1960..=2004).contains(&year)
        }));
    }
}
