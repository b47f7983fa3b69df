//! A case as plain text, for `casedesk show` and quick copies.

use crate::domain::{Case, Casebook, EventKind, clocks};
use chrono::NaiveDate;
use std::fmt::Write;

/// Everything about a case an officer reads at a glance, then in detail.
pub fn case_text(book: &Casebook, case: &Case, today: NaiveDate) -> String {
    let mut out = String::new();
    let d = &case.details;
    let _ = writeln!(
        out,
        "{}  {} {}  [{}{}]",
        case.reference,
        case.kind,
        case.direction.label().to_lowercase(),
        d.marking,
        if d.ncnd { ", NCND" } else { "" }
    );
    let _ = writeln!(
        out,
        "Status        {} (since {})",
        case.status(),
        case.status_since()
    );
    let _ = writeln!(out, "Opened        {}", case.opened);
    let _ = writeln!(
        out,
        "Requesting    {} ({})",
        d.requesting_state, d.requesting_authority
    );
    let _ = writeln!(out, "Requested     {}", d.requested_state);
    let _ = writeln!(out, "Area          {}", d.area);
    if !d.legal_basis.is_empty() {
        let basis: Vec<_> = d.legal_basis.iter().map(|b| b.label()).collect();
        let _ = writeln!(out, "Legal basis   {}", basis.join("; "));
    }
    if !d.assigned_officer.is_empty() {
        let _ = writeln!(out, "Officer       {}", d.assigned_officer);
    }
    if !d.summary.is_empty() {
        let _ = writeln!(out, "\n{}", d.summary);
    }
    section(
        &mut out,
        "People",
        d.parties.iter().map(|p| {
            let person = book.person(p.person);
            let name = person.map_or("(unknown person)", |p| p.name.as_str());
            let father = person
                .filter(|p| !p.father_name.is_empty())
                .map(|p| format!(" (father: {})", p.father_name))
                .unwrap_or_default();
            format!("{name}{father} — {}", p.role)
        }),
    );
    section(
        &mut out,
        "Offences",
        d.offences.iter().map(|o| {
            format!(
                "{} ({}; max {}; death penalty {})",
                o.description,
                o.statute,
                o.max_penalty,
                o.death_penalty.label().to_lowercase()
            )
        }),
    );
    section(
        &mut out,
        "Deadlines",
        clocks(case, today).iter().map(|c| {
            let rule = c.rule();
            let check = if rule.verified {
                ""
            } else {
                " [check: unverified rule]"
            };
            format!(
                "{} {} — due {} ({} days), {}; {}{check}",
                rule.code, rule.title, c.due, c.days_left, c.status, rule.source
            )
        }),
    );
    let done = d
        .checklist
        .iter()
        .filter(|i| i.status.is_satisfied())
        .count();
    section(
        &mut out,
        &format!("Checklist ({done} of {})", d.checklist.len()),
        d.checklist.iter().map(|i| {
            format!(
                "{}{} — {}",
                i.label,
                if i.required { "" } else { " (optional)" },
                i.status
            )
        }),
    );
    section(
        &mut out,
        "Assurances",
        d.assurances.iter().map(|a| {
            let accepted = a
                .accepted
                .map_or("not accepted".to_string(), |d| format!("accepted {d}"));
            format!("{} — {accepted}", a.kind)
        }),
    );
    section(
        &mut out,
        "History",
        case.history().iter().map(|e| {
            let mut line = format!("{}  {}", e.effective, e.kind.summary());
            if let EventKind::Transition { reason, .. } = &e.kind
                && !reason.is_empty()
            {
                let _ = write!(line, " — {reason}");
            }
            if !e.officer.is_empty() {
                let _ = write!(line, " ({})", e.officer);
            }
            line
        }),
    );
    out
}

fn section(out: &mut String, title: &str, lines: impl Iterator<Item = String>) {
    let lines: Vec<String> = lines.collect();
    if lines.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n{title}");
    for line in lines {
        let _ = writeln!(out, "  {line}");
    }
}
