//! The casebook a subcommand works on: opened to read (its journal's unsaved changes applied in
//! memory, said on stderr), or locked, tidied, checked and its journal replayed and saved to
//! write; a case found in it by reference; commands recorded in it all or nothing, each
//! journaled and flushed to disk before the save that empties the journal (`store::journal`).

use super::output::Output;
use super::{Env, leftovers, team};
use crate::count::count;
use crate::domain::{Applied, Case, Casebook, Command, CommandError, check::check_casebook};
use crate::export::printable::one_line;
use crate::export::{ExportMeta, Rendered};
use crate::store::journal::{self, Journal, Pending};
use crate::store::lock::Lock;
use crate::store::{self, Integrity, Key, LoadError, Retention, Settling};
use anyhow::{Context, Result, anyhow, bail};
use chrono::{DateTime, FixedOffset, Local, Utc};
use std::cell::RefCell;
use std::io::Write;
use std::path::Path;

pub fn open(file: &Path, env: &mut Env) -> Result<Casebook> {
    open_with_key(file, env).map(|(book, _)| book)
}

/// Loads a casebook, asking for its passphrase when it is encrypted; returns the key and the
/// checksum its file records too. A file that does not match its checksum is refused.
fn load(file: &Path, env: &mut Env) -> Result<(Casebook, Option<Key>, Option<String>)> {
    let (loaded, key) = match store::open(file, None) {
        Err(LoadError::NeedsPassphrase { .. }) => {
            let passphrase = env.passphrase("CASEDESK_PASSPHRASE", "Passphrase: ")?;
            let key = env.key_for(passphrase);
            (store::open(file, Some(&key))?, Some(key))
        }
        loaded => (loaded?, None),
    };
    if loaded.integrity == Integrity::Altered {
        return Err(LoadError::Altered {
            path: file.to_path_buf(),
        }
        .into());
    }
    let mut book = loaded.book;
    // Its changes are stamped as made on this computer.
    book.set_installation(env.installation().id);
    Ok((book, key, loaded.checksum))
}

/// Loads a casebook to read it, with the changes its journal holds that were never saved
/// applied in memory (said on stderr).
pub fn open_with_key(file: &Path, env: &mut Env) -> Result<(Casebook, Option<Key>)> {
    let (mut book, key, checksum) = load(file, env)?;
    if let Some(pending) = read_journal(file, checksum.as_deref(), key.as_ref(), env)? {
        let applied = replay(&mut book, &pending, env);
        if applied > 0 {
            env.note(format!(
                "Applied {} from {} that {} not saved yet (open the casebook in the window, or run a subcommand that changes it, to save them)",
                count(applied, "change", "changes"),
                journal::journal_path(file).display(),
                if applied == 1 { "is" } else { "are" }
            ));
        }
    }
    Ok((book, key))
}

/// A casebook's lock and journal, held while a writing subcommand changes it.
pub struct Held {
    /// Held, not read: the lock is let go when the subcommand ends.
    _lock: Lock,
    journal: Journal,
    /// What is left of its saves, finished when the subcommand ends: after its output, and
    /// before the lock is let go.
    settling: RefCell<Vec<(Settling, Option<Retention>)>>,
}

impl Drop for Held {
    fn drop(&mut self) {
        for (settling, rule) in self.settling.take() {
            settling.finish(rule.as_ref());
        }
    }
}

impl Held {
    fn new(lock: Lock, journal: Journal) -> Self {
        Self {
            _lock: lock,
            journal,
            settling: RefCell::new(Vec::new()),
        }
    }

    /// The lock and an empty journal of a casebook not written yet, at `file`.
    pub fn new_casebook(file: &Path) -> Result<Self> {
        let lock = store::lock::acquire(file, Utc::now())?;
        let journal = Journal::new(file, None, None)?;
        Ok(Self::new(lock, journal))
    }

    /// Leaves `settling` (a save's snapshot to compress, the snapshots to thin by this
    /// installation's rule) for when the subcommand has said what it did.
    pub fn settle_later(&self, settling: Settling, env: &Env) {
        self.settling
            .borrow_mut()
            .push((settling, env.retention_rule().ok()));
    }

    /// Applies `command` to `book` at `now`, journaled (made durable by [`Held::save`]).
    pub fn apply(
        &self,
        book: &mut Casebook,
        command: Command,
        now: DateTime<FixedOffset>,
    ) -> Result<Applied, CommandError> {
        self.journal.apply(book, command, now)
    }

    /// Flushes the journal to disk, saves `book` to `file` (emptying the journal), then writes
    /// this installation's copy into the team folder (a warning when it cannot).
    pub fn save(
        &self,
        file: &Path,
        book: &Casebook,
        now: DateTime<Utc>,
        key: Option<&Key>,
        env: &mut Env,
    ) -> Result<()> {
        self.save_only(file, book, now, key, env)?;
        team::share_or_warn(file, book, now, key, env);
        Ok(())
    }

    /// [`Held::save`] without the team folder's copy, for a caller that writes it itself.
    pub fn save_only(
        &self,
        file: &Path,
        book: &Casebook,
        now: DateTime<Utc>,
        key: Option<&Key>,
        env: &mut Env,
    ) -> Result<()> {
        self.journal
            .flush()
            .with_context(|| format!("journaling the change to {}", file.display()))?;
        let through = self.journal.last_seq();
        let written = std::sync::atomic::AtomicUsize::new(0);
        let saved = store::save_journaled(file, book, now, key, &written, &self.journal, through)?;
        self.settle_later(saved.settling, env);
        if let Some(warning) = saved.warning {
            env.note(format!("warning: {warning}"));
        }
        Ok(())
    }

    pub fn journal(&self) -> &Journal {
        &self.journal
    }
}

/// Takes the casebook's lock and loads it, refusing one with problems: like the window, the
/// command line never writes over a casebook that breaks the rules. Changes its journal holds
/// that were never saved are applied and saved first (said on stderr); a journal made on
/// another version of the casebook stops it, so they are not lost.
pub fn open_for_writing(file: &Path, env: &mut Env) -> Result<(Casebook, Option<Key>, Held)> {
    let (mut book, key, held) = open_locked(file, env)?;
    if let Some(settings) = officer_settings(&book, env) {
        held.apply(
            &mut book,
            Command::UpdateSettings(Box::new(settings)),
            Local::now().fixed_offset(),
        )?;
    }
    Ok((book, key, held))
}

/// `book`'s settings with who works on this computer as their officer, if that changes them:
/// the window's officer records the command line's events too (`store::Officer`).
fn officer_settings(book: &Casebook, env: &mut Env) -> Option<crate::domain::Settings> {
    let installation = env.installation();
    let officer = installation.officer()?;
    book.settings.for_officer(&officer.name, &officer.agency)
}

/// A casebook not written yet, its officer who works on this computer.
pub fn new_casebook(env: &mut Env) -> Casebook {
    let mut book = Casebook::default();
    if let Some(settings) = officer_settings(&book, env) {
        book.settings = settings;
    }
    book
}

/// [`open_for_writing`] but for the officer.
fn open_locked(file: &Path, env: &mut Env) -> Result<(Casebook, Option<Key>, Held)> {
    let lock = store::lock::acquire(file, Utc::now())?;
    let (mut book, key, checksum) = load(file, env)?;
    leftovers::tidy(&lock, key.as_ref(), &book, env);
    let problems = check_casebook(&book, Local::now().date_naive()).len();
    if problems > 0 {
        bail!(
            "This casebook has {}, so it is not changed: `casedesk check {}` lists them; the window can open it read-only or repair it",
            count(problems, "problem", "problems"),
            file.display()
        );
    }
    let journal = match read_journal(file, checksum.as_deref(), key.as_ref(), env)? {
        None => Journal::new(file, checksum, key.as_ref())?,
        Some(pending) if !pending.stale.is_empty() => bail!(
            "{} holds {} made to another version of this casebook, so nothing was changed: open the casebook in the window to see them, or remove the journal to drop them",
            journal::journal_path(file).display(),
            count(pending.stale.len(), "change", "changes")
        ),
        Some(pending) => {
            let applied = replay(&mut book, &pending, env);
            let journal = pending.resume(applied)?;
            if applied > 0 {
                let held = Held::new(lock, journal);
                held.save(file, &book, Utc::now(), key.as_ref(), env)?;
                env.note(format!(
                    "Applied and saved {} from {} that {} not saved when Casedesk last stopped",
                    count(applied, "change", "changes"),
                    journal::journal_path(file).display(),
                    if applied == 1 { "was" } else { "were" }
                ));
                return Ok((book, key, held));
            }
            journal
        }
    };
    Ok((book, key, Held::new(lock, journal)))
}

/// The journal beside `file`, its dropped end and stale entries said on stderr.
fn read_journal(
    file: &Path,
    checksum: Option<&str>,
    key: Option<&Key>,
    env: &mut Env,
) -> Result<Option<Pending>> {
    let pending = journal::read(file, checksum, key)
        .with_context(|| format!("reading {}", journal::journal_path(file).display()))?;
    if let Some(pending) = &pending {
        if let Some(dropped) = &pending.dropped {
            env.note(dropped);
        }
        for entry in &pending.stale {
            env.note(format!(
                "not applied, made to another version: {}",
                describe(entry)
            ));
        }
    }
    Ok(pending)
}

/// Applies the pending entries to `book`; those that no longer apply are named, not forced.
/// Returns how many were applied.
fn replay(book: &mut Casebook, pending: &Pending, env: &mut Env) -> usize {
    let replayed = journal::replay(book, &pending.entries);
    if let Some(e) = replayed.refused {
        for entry in &pending.entries[replayed.applied..] {
            env.note(format!(
                "not applied ({}): {}",
                one_line(&e.to_string()),
                describe(entry)
            ));
        }
    }
    replayed.applied
}

/// "2026-12-06 10:15, Ayesha Khan, EI-2026-0001: Moved to …" for messages.
fn describe(entry: &journal::Entry) -> String {
    one_line(&format!(
        "{}, {}, {}: {}",
        entry.at.format("%Y-%m-%d %H:%M"),
        entry.officer,
        entry.case.as_deref().unwrap_or("the casebook"),
        entry.what()
    ))
    .into_owned()
}

pub fn find_case<'a>(book: &'a Casebook, reference: &str) -> Result<&'a Case> {
    book.case_by_reference(reference)
        .ok_or_else(|| anyhow!("No case with reference {reference}"))
}

/// Applies the commands all or nothing, journaled, then saves; returns how many were applied.
pub fn record(
    book: &mut Casebook,
    file: &Path,
    held: &Held,
    key: Option<&Key>,
    commands: Vec<Command>,
    now: DateTime<FixedOffset>,
    env: &mut Env,
) -> Result<usize> {
    if commands.is_empty() {
        return Ok(0);
    }
    let mut changed = book.clone();
    let count = commands.len();
    let mark = held.journal().mark();
    for command in commands {
        if let Err(e) = held.apply(&mut changed, command, now) {
            held.journal().forget_since(mark);
            return Err(e.into());
        }
    }
    // The team copy too, as every writing subcommand does.
    held.save(file, &changed, now.to_utc(), key, env)?;
    *book = changed;
    Ok(count)
}

/// Opens `file` for writing, renders an export of it (`render`, which returns the document and
/// whatever else the caller wants back), writes it to `output` and records its disclosures at
/// `now`, both or neither ([`Output::write_recorded`]). Returns how many cases record it.
pub fn export_recorded<T>(
    file: &Path,
    output: &Output,
    now: DateTime<FixedOffset>,
    env: &mut Env,
    out: &mut impl Write,
    render: impl FnOnce(&Casebook) -> Result<(Rendered, T)>,
) -> Result<(usize, T)> {
    let (mut book, key, held) = open_for_writing(file, env)?;
    let (rendered, told) = render(&book)?;
    let recorded = output.write_recorded(&rendered.bytes, out, || {
        record(
            &mut book,
            file,
            &held,
            key.as_ref(),
            rendered.disclosures,
            now,
            env,
        )
    })?;
    Ok((recorded, told))
}

/// What an export or a report says of itself: when, by which Casedesk, for whom.
pub fn export_meta(now: DateTime<FixedOffset>, recipient: &str) -> ExportMeta {
    ExportMeta::of_this_build(now, recipient)
}

/// The day clocks are worked out for: `--as-of DATE` when given (nothing is changed), today
/// otherwise.
pub fn as_of(book: &Casebook, text: Option<&str>) -> Result<chrono::NaiveDate> {
    let today = Local::now().date_naive();
    match text {
        Some(text) => crate::domain::dates::parse_date_for(
            text,
            book.settings.date_order,
            crate::domain::dates::DateKind::Scheduled,
            today,
        )
        .map_err(|e| anyhow!("--as-of: {e}")),
        None => Ok(today),
    }
}
