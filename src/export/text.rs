//! A case as plain text, for `casedesk show` and quick copies: the full profile's view, in the
//! same words as the exported summaries.

use super::printable::printable;
use super::redact::{AsylumLine, ClockView, RedactedCase, Selection, redacted_case};
use super::summary::{checklist_done, clock_line, kind_direction};
use crate::domain::{Case, Casebook, ExportProfile};
use chrono::NaiveDate;
use std::fmt::Write;

/// Everything about a case an officer reads at a glance, then in detail; no control character
/// of the case's data reaches the terminal.
pub fn case_text(book: &Casebook, case: &Case, today: NaiveDate) -> String {
    let v = redacted_case(book, case, ExportProfile::Full, Selection::default(), today);
    printable(&render(&v)).into_owned()
}

fn render(v: &RedactedCase) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}  {}  [{}{}]",
        v.reference,
        kind_direction(v),
        v.marking,
        if v.ncnd { ", NCND" } else { "" }
    );
    let _ = writeln!(out, "Status        {} (since {})", v.status, v.status_since);
    let _ = writeln!(out, "Opened        {}", v.opened);
    let _ = writeln!(out, "Requesting    {}", v.requesting());
    let _ = writeln!(out, "Requested     {}", v.requested_state);
    let _ = writeln!(out, "Area          {}", v.area);
    if !v.legal_basis.is_empty() {
        let basis: Vec<_> = v.legal_basis.iter().map(|b| b.label()).collect();
        let _ = writeln!(out, "Legal basis   {}", basis.join("; "));
    }
    if let Some(agreement) = &v.agreement {
        let _ = writeln!(out, "Agreement     {agreement}");
    }
    if let Some(officer) = &v.assigned_officer {
        let _ = writeln!(out, "Officer       {officer}");
    }
    for (label, value) in &v.recorded {
        let _ = writeln!(out, "{label}: {value}");
    }
    if let Some(summary) = &v.summary {
        let _ = writeln!(out, "\n{summary}");
    }
    section(
        &mut out,
        "People",
        v.people.iter().map(|p| {
            let (name, father) = p.particulars.as_ref().map_or(("(withheld)", ""), |x| {
                (x.name.as_str(), x.father_name.as_str())
            });
            let father = if father.is_empty() {
                String::new()
            } else {
                format!(" (father: {father})")
            };
            format!("{name}{father} — {}", p.role)
        }),
    );
    section(
        &mut out,
        "Offences",
        v.offences.iter().map(|o| {
            let mut line = format!(
                "{} ({}; max {}; death penalty {})",
                o.description,
                o.statute,
                o.max_penalty,
                o.death_penalty.label().to_lowercase()
            );
            // The text of the law under its offence, indented a step further.
            for text in o.law_text.trim().lines() {
                let _ = write!(line, "\n    {text}");
            }
            line
        }),
    );
    section(&mut out, "Deadlines", v.deadlines.iter().map(clock_lines));
    section(
        &mut out,
        &format!("Checklist ({})", checklist_done(v)),
        v.checklist.iter().map(|i| {
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
        v.assurances.iter().map(|a| {
            let accepted = a
                .accepted
                .map_or("not accepted".to_string(), |d| format!("accepted {d}"));
            format!("{} — {accepted}", a.kind)
        }),
    );
    section(
        &mut out,
        "Hearings",
        v.hearings.iter().map(|h| {
            let mut line = format!("{}  {}", h.date, h.kind);
            if !h.court.is_empty() {
                let _ = write!(line, " at {}", h.court);
            }
            if !h.outcome.is_empty() {
                let _ = write!(line, " — {}", h.outcome);
            }
            line
        }),
    );
    section(
        &mut out,
        "Asylum claims",
        v.asylum_claims.iter().map(AsylumLine::words),
    );
    section(
        &mut out,
        "Tasks",
        v.tasks.iter().map(|t| {
            let due = t
                .due
                .map_or("no due date".to_string(), |d| format!("due {d}"));
            let mut line = format!("[{}] {} ({due}", if t.done { "x" } else { " " }, t.text);
            if !t.officer.is_empty() {
                let _ = write!(line, ", for {}", t.officer);
            }
            line.push(')');
            line
        }),
    );
    section(
        &mut out,
        "History",
        v.history.iter().map(|h| {
            let mut line = format!("{}  {}", h.date, h.what);
            if let Some(reason) = &h.reason {
                let _ = write!(line, " — {reason}");
            }
            if let Some(officer) = &h.officer {
                let _ = write!(line, " ({officer})");
            }
            line
        }),
    );
    out
}

/// A deadline's line, then how it runs (`docs/law.md` §2: what started it, the rule, the
/// consequence), and a chaser's every date with its counting.
fn clock_lines(c: &ClockView) -> String {
    let mut lines = clock_line(c);
    let _ = write!(
        lines,
        "\n      Started {} by {}. {}.\n      If missed: {}.",
        c.started, c.counted_from, c.period, c.consequence
    );
    if !c.chases.is_empty() {
        let steps: Vec<String> = (c.chases.iter())
            .map(|s| format!("{} days after {}: {}", s.days, c.started, s.date))
            .collect();
        let _ = write!(
            lines,
            "\n      Chases (each counted from the day after): {}",
            steps.join("; ")
        );
    }
    lines
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
