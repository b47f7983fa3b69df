//! The other workstreams' cases in the sample casebook (`../shared/domain.md` §§8–12): what
//! their transitions record and the particulars their gates read, in the officers' words.

use super::rng::*;
use super::words::*;
use super::*;
use crate::domain::case::{CaseDetails, CaseKind};
use crate::domain::workflow::Detail;
use chrono::{Datelike, NaiveDate};

impl Gen {
    /// What a new case of the other workstreams carries from the start: a passport for one
    /// returnee in three (SOP category A), fingerprints with one conviction-data request in
    /// four, mostly with the Schedule 8 condition recorded.
    pub(super) fn workstream_particulars(&mut self, kind: CaseKind, d: &mut CaseDetails) {
        crate::domain::crossings::handling_defaults(kind, d);
        match kind {
            CaseKind::Returns if self.rng.chance(0.35) => {
                d.workstream.passport = format!(
                    "{}{} (valid to {})",
                    self.rng.pick(&["AB", "BK", "CD", "EN"]),
                    self.rng.digits(7),
                    self.today.year() + self.rng.int(1, 6) as i32
                );
            }
            CaseKind::ConvictionData if self.rng.chance(0.25) => {
                d.workstream.biometrics = true;
                if self.rng.chance(0.85) {
                    d.workstream.processing_condition =
                        "DPA 2018 Sch. 8 para 1 (statutory purposes); policy document v3".into();
                }
            }
            _ => {}
        }
    }

    /// The date a workstream's detail records, around the step's date `cx.date`.
    pub(super) fn workstream_date(&mut self, detail: Detail, cx: &StepCx) -> NaiveDate {
        let date = cx.date;
        let next = cx.next.map(|(_, d)| d);
        match detail {
            // The removal is planned for when it happens, or some weeks ahead.
            Detail::PlannedRemovalDate => {
                next.unwrap_or_else(|| add_days(date, self.rng.int(16, 45)))
            }
            Detail::DepartureDate => match next {
                Some(n) => add_days(n, self.rng.int(2, 20)),
                None => add_days(date, self.rng.int(8, 40)),
            },
            Detail::EtdExpiry => add_days(date, self.rng.int(90, 180)),
            Detail::ReturnDate => add_days(date, self.rng.int(20, 60)),
            Detail::NewExpiry => add_days(date, self.rng.int(95, 110)),
            // Things that happened: on the day or a little before, never after today.
            Detail::NotifiedOn | Detail::DecisionSentDate | Detail::OpoMadeDate => {
                add_days(date, -self.rng.int(0, 3))
            }
            Detail::NoticeServedDate | Detail::MissionInformedDate => {
                add_days(date, self.rng.int(0, 4)).min(self.today).max(date)
            }
            _ => date,
        }
    }

    /// The text a workstream's detail records.
    pub(super) fn workstream_text(&mut self, detail: Detail, _cx: &StepCx) -> String {
        let year = self.today.year();
        let r = &mut self.rng;
        match detail {
            Detail::SopCategory => r
                .pick(&["A (CNIC and passport)", "B (CNIC only)", "C (neither)"])
                .into(),
            Detail::Mission => r
                .pick(&[
                    "Pakistan High Commission, London",
                    "Consulate General of Pakistan, Manchester",
                    "Consulate General of Pakistan, Birmingham",
                    "Consulate of Pakistan, Bradford",
                ])
                .into(),
            Detail::DocumentsSent => r
                .pick(&[
                    "CNIC copy, passport copy, fingerprints",
                    "CNIC copy and fingerprints",
                    "NICOP copy, birth certificate, fingerprints",
                    "Fingerprints and a photograph; no documents held",
                ])
                .into(),
            Detail::VerificationReference => {
                format!("NADRA/VR/{year}/{}", r.int(1000, 99999))
            }
            Detail::ConfirmingBody => r
                .pick(&["NADRA", "NADRA and IMPASS", "Ministry of Interior"])
                .into(),
            Detail::EtdNumber => format!("ETD-LHR-{year}-{}", r.digits(4)),
            Detail::Flight => r
                .pick(&[
                    "PK 758 London Heathrow to Islamabad",
                    "PK 702 Manchester to Lahore",
                    "Charter flight, Stansted to Islamabad",
                    "EK 1 / EK 614 via Dubai to Islamabad",
                ])
                .into(),
            Detail::Escorts => r
                .pick(&["Two DCOs", "Three DCOs and a medic", "Unescorted"])
                .into(),
            Detail::BarrierGrounds => r
                .pick(&[
                    "Human-rights claim refused; appeal to the First-tier Tribunal possible",
                    "Judicial review lodged",
                    "Further asylum submissions",
                    "Medical: unfit to fly",
                ])
                .into(),
            Detail::FailureReason => r
                .pick(&[
                    "Disruptive on boarding; captain refused carriage",
                    "Injunction granted on the day",
                    "Flight cancelled",
                ])
                .into(),
            Detail::HomeOfficeControl => r
                .pick(&["Outside Home Office control", "Inside Home Office control"])
                .into(),
            Detail::ArrivalAirport => r.pick(&["Islamabad", "Lahore", "Karachi"]).into(),
            Detail::FiaHandover => "Handed to FIA Immigration at the airport".into(),
            Detail::FirNumber => format!(
                "FIR {}/{year}, PS FIA {}",
                r.int(12, 900),
                r.pick(&["Islamabad", "Lahore", "Karachi"])
            ),
            Detail::PassportCancelled => r.pick(&["Yes", "Yes, ETD retained", "Not held"]).into(),
            Detail::PclReference => format!("DGIP/PCL/{year}/{}", r.int(10, 9999)),
            Detail::TransferCondition => r
                .pick(&[
                    "DPA 2018 s.76 special circumstances (individual case)",
                    "DPA 2018 s.75 appropriate safeguards (ICO informed)",
                ])
                .into(),
            Detail::Sender => r
                .pick(&[
                    "NCB Islamabad (FIA)",
                    "National Police Bureau",
                    "Punjab Police CRO",
                ])
                .into(),
            Detail::CheckedWith => r
                .pick(&[
                    "ACRO and the PNC",
                    "PNC",
                    "ACRO, PNC and the force's records",
                ])
                .into(),
            Detail::CheckResult => r
                .pick(&[
                    "Trace",
                    "No trace",
                    "No trace",
                    "Not possible: identity unconfirmed",
                ])
                .into(),
            Detail::Convictions => format!(
                "{} Crown Court, {}: {}",
                r.pick(&["Bradford", "Birmingham", "Manchester", "Snaresbrook"]),
                year - r.int(2, 12) as i32,
                r.pick(&[
                    "possession with intent to supply, 3 years",
                    "fraud by false representation, 18 months",
                    "assault occasioning ABH, community order",
                ])
            ),
            Detail::DisclosureLogged => "Logged in the disclosure register (DPA 2018 s.62)".into(),
            Detail::Route => r
                .pick(&[
                    "Provider's law enforcement portal",
                    "24/7 network point of contact",
                    "Voluntary disclosure request",
                    "Emergency disclosure request",
                    "MLA request (case linked)",
                ])
                .into(),
            Detail::ExtensionBasis => "Renewed request under 18 U.S.C. §2703(f)(2)".into(),
            Detail::DataReceived => r
                .pick(&[
                    "Subscriber information and IP logs",
                    "Subscriber information only",
                    "Account content for the period requested",
                ])
                .into(),
            Detail::DataHash => format!("SHA-256 {:016x}…", r.next_u64()),
            Detail::Counterpart => r
                .pick(&[
                    "FIA Counter Terrorism Wing, Islamabad",
                    "NCB Islamabad (FIA), duty officer",
                    "Punjab Police CTD, Lahore",
                    "NCCIA, Islamabad",
                ])
                .into(),
            Detail::Supplied => r
                .pick(&[
                    "Current address and CNIC details",
                    "Travel history for the last two years",
                    "Confirmation that the subject is not in custody",
                ])
                .into(),
            Detail::UseCondition => r
                .pick(&[
                    "Intelligence only",
                    "Intelligence only; MLA needed for evidence",
                ])
                .into(),
            Detail::Destination => format!("{}, {}", r.pick(PK_CITIES), "international airport"),
            Detail::RiskLevel => r.pick(&["High", "Medium", "Low"]).into(),
            Detail::Assessor => "MOSOVO, the offender manager's force".into(),
            Detail::AlertType => r.pick(&["Green Notice", "Diffusion"]).into(),
            Detail::ChecksMade => r
                .pick(&["PNC and ViSOR", "PNC, ViSOR and the NSOR", "PNC"])
                .into(),
            Detail::ActionTaken => r
                .pick(&[
                    "Port alert placed; met on arrival",
                    "Force informed; no further action",
                    "Entry refused at the border",
                ])
                .into(),
            other => other.label().into(),
        }
    }
}
