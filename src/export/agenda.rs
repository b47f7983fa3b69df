//! The officer's agenda as it leaves Casedesk: plain text, JSON, and an iCalendar feed
//! (RFC 5545) that Outlook or Thunderbird import. Each event's UID is made of the case's id and
//! the item's ([`AgendaLine::uid`]), so importing a newer file updates the entries instead of
//! doubling them. Lines come from [`super::redact::agenda_lines`] only.

use super::printable::one_line;
use super::redact::AgendaLine;
use crate::domain::agenda::Bucket;
use chrono::{DateTime, Days, Utc};
use std::fmt::Write as _;

/// The agenda as text, bucket by bucket: "2026-12-01  EI-2026-0001  Deadline  Request papers after provisional arrest".
pub fn text(lines: &[AgendaLine]) -> String {
    let mut out = String::new();
    let mut current: Option<Option<Bucket>> = None;
    for line in lines {
        if current != Some(line.bucket) {
            if current.is_some() {
                out.push('\n');
            }
            let title = line.bucket.map_or("Later", Bucket::label);
            let _ = writeln!(out, "{title}");
            current = Some(line.bucket);
        }
        let _ = write!(
            out,
            "  {}  {}  {}  {}",
            line.date.format("%a %d %b %Y"),
            one_line(&line.reference),
            line.kind,
            one_line(&line.what)
        );
        if !line.officer.is_empty() {
            let _ = write!(out, "  (for {})", one_line(&line.officer));
        }
        if let Some(off) = &line.day_off {
            let _ = write!(out, "  [not a working day: {off}]");
        }
        out.push('\n');
    }
    if lines.is_empty() {
        out.push_str("Nothing due in the next 30 days\n");
    }
    out
}

/// The agenda as a JSON array of its lines.
pub fn json(lines: &[AgendaLine]) -> Result<Vec<u8>, serde_json::Error> {
    let mut bytes = serde_json::to_vec_pretty(lines)?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// The calendar's reminder: 09:00 on the day before (all-day events start at midnight).
const ALARM_BEFORE: &str = "-PT15H";

/// The agenda as an iCalendar file: one all-day event per line, an alarm the day before each
/// deadline, chaser, review and task. `now` is the DTSTAMP (when the file was made).
pub fn ics(lines: &[AgendaLine], now: DateTime<Utc>) -> Vec<u8> {
    let stamp = now.format("%Y%m%dT%H%M%SZ").to_string();
    let mut out = String::new();
    let mut prop = |name: &str, value: &str| fold_into(&mut out, &format!("{name}:{value}"));
    prop("BEGIN", "VCALENDAR");
    prop("VERSION", "2.0");
    prop("PRODID", "-//Casedesk//Agenda//EN");
    prop("CALSCALE", "GREGORIAN");
    prop("METHOD", "PUBLISH");
    prop("X-WR-CALNAME", "Casedesk agenda");
    for line in lines {
        let summary = format!("{} {}: {}", line.reference, line.kind, line.what);
        let mut description = format!("{} for case {}", line.kind, line.reference);
        if !line.officer.is_empty() {
            let _ = write!(description, "\nFor: {}", line.officer);
        }
        if let Some(consequence) = line.if_missed {
            let _ = write!(description, "\nIf missed: {consequence}");
        }
        if let Some(off) = &line.day_off {
            let _ = write!(description, "\nNot a working day: {off}");
        }
        let next_day = line
            .date
            .checked_add_days(Days::new(1))
            .unwrap_or(line.date);
        prop("BEGIN", "VEVENT");
        prop("UID", &escape(&line.uid));
        prop("DTSTAMP", &stamp);
        prop(
            "DTSTART;VALUE=DATE",
            &line.date.format("%Y%m%d").to_string(),
        );
        prop("DTEND;VALUE=DATE", &next_day.format("%Y%m%d").to_string());
        prop("SUMMARY", &escape(&summary));
        prop("DESCRIPTION", &escape(&description));
        prop("CATEGORIES", &escape(line.kind.label()));
        prop("TRANSP", "TRANSPARENT");
        if line.is_due() {
            prop("BEGIN", "VALARM");
            prop("ACTION", "DISPLAY");
            prop("DESCRIPTION", &escape(&summary));
            prop("TRIGGER", ALARM_BEFORE);
            prop("END", "VALARM");
        }
        prop("END", "VEVENT");
    }
    prop("END", "VCALENDAR");
    out.into_bytes()
}

/// A TEXT value (RFC 5545 §3.3.11): backslash, semicolon and comma escaped, a line break as
/// `\n`, other control characters left out.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends a content line folded as RFC 5545 §3.1 says: no line longer than 75 octets, each
/// continuation starting with a space, never splitting a character; CRLF after each.
fn fold_into(out: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_a_character() {
        let mut out = String::new();
        let value = "é".repeat(60);
        fold_into(&mut out, &format!("SUMMARY:{value}"));
        let lines: Vec<&str> = out.split("\r\n").collect();
        assert_eq!(lines.last(), Some(&""), "ends with CRLF");
        for line in &lines {
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
        }
        assert!(lines[1..lines.len() - 1].iter().all(|l| l.starts_with(' ')));
        let unfolded = out.replace("\r\n ", "");
        assert_eq!(unfolded, format!("SUMMARY:{value}\r\n"));
    }

    #[test]
    fn text_values_are_escaped() {
        assert_eq!(
            escape("a;b,c\\d\ne\u{7}f"),
            "a\\;b\\,c\\\\d\\ne".to_string() + "f"
        );
    }
}
