//! What a workstream case records on itself rather than on a move (`docs/law.md` §§8, 12): an
//! offender's notification period (SOA 2003 s.82), the Passport Control List proposal for sex
//! offenders, a returnee's Early Removal Scheme date; what each gives as a clock, and which
//! kind of case may record it.

use super::case::Case;
use super::dates::{Counting, Period};
use super::deadlines::{ClockKey, ClockRule};
use super::details::{CaseKind, WorkstreamParticulars};
pub use super::notification::*;
use chrono::NaiveDate;

/// The notification period of an offender alert, worked out from what the case records.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Notification {
    /// 30 months' imprisonment or more: no end, so no clock.
    Indefinite,
    /// Ends on `last_day`, the period counted "beginning with" the relevant date.
    Ends { months: u32, last_day: NaiveDate },
}

/// The notification period the case records, when it records both the relevant date and the
/// sentence.
pub fn notification(p: &WorkstreamParticulars) -> Option<Notification> {
    let (from, sentence) = (p.relevant_date?, p.sentence?);
    Some(match notification_months(sentence, p.under_18) {
        None => Notification::Indefinite,
        Some(months) => Notification::Ends {
            months,
            last_day: Period::Months(months).last_day(from, Counting::StartingWith),
        },
    })
}

/// The notification period in words, for the case panel, `show` and summaries.
pub fn notification_words(p: &WorkstreamParticulars) -> Option<String> {
    let sentence = p.sentence?;
    let young = if p.under_18 {
        ", under 18 (s.82(2) halves it: check)"
    } else {
        ""
    };
    Some(match notification(p)? {
        Notification::Indefinite => {
            format!("indefinite ({sentence}{young}; SOA 2003 s.82): no end date")
        }
        Notification::Ends { months, last_day } => format!(
            "{} ({sentence}{young}; SOA 2003 s.82), ends {}",
            years(months),
            last_day.format("%d %b %Y")
        ),
    })
}

/// The clock a case's own particulars start, if any, with the day it counts from and its due
/// date: the end of a notification period, a returnee's Early Removal Scheme date (a kind has
/// one at most; returned without a list, as every case's clocks are replayed at open).
pub fn recorded_clock(case: &Case) -> Option<(&'static ClockRule, NaiveDate, NaiveDate)> {
    let p = &case.details.workstream;
    match case.kind {
        CaseKind::OffenderAlert => {
            let (Some(from), Some(Notification::Ends { last_day, .. })) =
                (p.relevant_date, notification(p))
            else {
                return None;
            };
            let key = if p.under_18 {
                ClockKey::SoaNotificationEndUnder18
            } else {
                ClockKey::SoaNotificationEnd
            };
            Some((key.rule(), from, last_day))
        }
        CaseKind::Returns => p
            .ers_date
            .map(|ers| (ClockKey::UkErsDate.rule(), case.opened, ers)),
        _ => None,
    }
}

/// Whether a clock of the case's own particulars runs on after the case closes (the
/// notification requirement is the offender's, not the alert's).
pub fn outlives_closure(case: &Case) -> bool {
    recorded_clock(case).is_some_and(|(rule, ..)| rule.survives_closure)
}

/// What a kind of case may not record, as (field, why): a returnee's date on an offender
/// alert, and so on (`validate.rs` reports them).
pub fn problems(p: &WorkstreamParticulars, kind: CaseKind) -> Vec<(String, String)> {
    let only = |of: CaseKind| {
        let kind = of.label().to_lowercase();
        let a = if kind.starts_with(['a', 'e', 'i', 'o', 'u']) {
            "an"
        } else {
            "a"
        };
        format!("Only {a} {kind} case records this")
    };
    let recorded = [
        ("ers_date", p.ers_date.is_some(), CaseKind::Returns),
        (
            "relevant_date",
            p.relevant_date.is_some(),
            CaseKind::OffenderAlert,
        ),
        ("sentence", p.sentence.is_some(), CaseKind::OffenderAlert),
        ("under_18", p.under_18, CaseKind::OffenderAlert),
        ("pcl", p.pcl.is_some(), CaseKind::OffenderAlert),
    ];
    recorded
        .into_iter()
        .filter(|&(_, recorded, of)| recorded && kind != of)
        .map(|(field, _, of)| (format!("workstream.{field}"), only(of)))
        .collect()
}

/// What the case records of its workstream, as labelled lines for `show` and the full summary:
/// the passport, biometrics, the notification period, the PCL proposal, the ERS date.
pub fn lines(case: &Case) -> Vec<(&'static str, String)> {
    let p = &case.details.workstream;
    let day = |d: NaiveDate| d.format("%d %b %Y").to_string();
    let mut out = Vec::new();
    if !p.passport.trim().is_empty() {
        out.push(("Valid passport", p.passport.trim().to_string()));
    }
    if let Some(ers) = p.ers_date {
        out.push(("Early Removal Scheme date", day(ers)));
    }
    if p.biometrics {
        let condition = match p.processing_condition.trim() {
            "" => "no sensitive-processing condition recorded".to_string(),
            c => format!("condition: {c}"),
        };
        out.push(("Biometrics sent", condition));
    }
    if let Some(from) = p.relevant_date {
        out.push(("Relevant date", day(from)));
    }
    match notification_words(p) {
        Some(words) => out.push(("Notification period", words)),
        None if p.relevant_date.is_some() => out.push((
            "Notification period",
            "record the sentence or caution to work out its end".into(),
        )),
        None => {}
    }
    if let Some(pcl) = p.pcl {
        out.push((
            "Passport Control List",
            format!("{pcl}: only a proposal for sex offenders, so no clock runs"),
        ));
    }
    out
}
