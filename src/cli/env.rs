//! What a subcommand takes from the process around it: environment variables, a terminal to
//! ask for a passphrase on, standard error, and this computer's installation. Passed in, so a
//! test runs a subcommand in its own process with variables, answers and an installation of
//! its own.

use crate::store::{self, INSTALLATION_DIR_VARIABLE, Installation, Key, Retention, RetentionError};
use anyhow::{Context, Result};
use std::ffi::OsString;
use std::fmt::Display;
use std::io::{self, Write};
use std::path::Path;

type Vars<'a> = Box<dyn Fn(&str) -> Option<OsString> + 'a>;
type Ask<'a> = Box<dyn FnMut(&str) -> io::Result<String> + 'a>;

pub struct Env<'a> {
    vars: Vars<'a>,
    ask: Ask<'a>,
    err: &'a mut dyn Write,
    installation: Option<Installation>,
}

impl<'a> Env<'a> {
    /// The process's own: its environment, its terminal (a prompt that does not echo), `err`
    /// as its standard error.
    pub fn of_process(err: &'a mut dyn Write) -> Self {
        Self::new(
            |name| std::env::var_os(name),
            |prompt| rpassword::prompt_password(prompt),
            err,
        )
    }

    /// Variables looked up by `vars`; a passphrase asked for with a prompt is answered by `ask`.
    pub fn new(
        vars: impl Fn(&str) -> Option<OsString> + 'a,
        ask: impl FnMut(&str) -> io::Result<String> + 'a,
        err: &'a mut dyn Write,
    ) -> Self {
        Self {
            vars: Box::new(vars),
            ask: Box::new(ask),
            err,
            installation: None,
        }
    }

    pub fn var_os(&self, name: &str) -> Option<OsString> {
        (self.vars)(name)
    }

    /// Standard error.
    pub fn err(&mut self) -> &mut dyn Write {
        self.err
    }

    /// Says `line` on standard error. One that cannot be said (standard error closed) does not
    /// stop the work it is about.
    pub fn note(&mut self, line: impl Display) {
        let _unseen = writeln!(self.err, "{line}");
    }

    /// A passphrase from the variable `var`, or asked for with `prompt`. Never from an
    /// argument, which other users could read in the process list.
    pub fn passphrase(&mut self, var: &str, prompt: &str) -> Result<String> {
        match self.var_os(var).map(OsString::into_string) {
            Some(Ok(p)) => Ok(p),
            _ => {
                (self.ask)(prompt).with_context(|| format!("reading the passphrase (or set {var})"))
            }
        }
    }

    /// The key for `passphrase`. Debug builds honour CASEDESK_TEST_SCRYPT_LOG_N so tests need
    /// not spend a second per encryption; release builds always use age's default.
    pub fn key_for(&self, passphrase: String) -> Key {
        #[cfg(debug_assertions)]
        if let Some(log_n) = self
            .var_os("CASEDESK_TEST_SCRYPT_LOG_N")
            .and_then(|v| v.into_string().ok())
            .and_then(|v| v.parse().ok())
        {
            return Key::with_test_work_factor(passphrase, log_n);
        }
        Key::new(passphrase)
    }

    /// This computer's snapshot rule, from the installation's folder given to this run.
    pub fn retention_rule(&self) -> Result<Retention, RetentionError> {
        match self.var_os(INSTALLATION_DIR_VARIABLE) {
            Some(dir) => store::retention_rule_in(Path::new(&dir)),
            None => store::retention_rule(),
        }
    }

    /// This installation, read once per run; one that cannot be kept is said once, and the run
    /// goes on with an id of its own that binds no team folder.
    pub fn installation(&mut self) -> Installation {
        if let Some(current) = &self.installation {
            return current.clone();
        }
        // `Installation::current` reads the process's CASEDESK_INSTALLATION_DIR: the same as
        // these variables, unless a test gave others (and then it gives this one).
        let found = match self.var_os(INSTALLATION_DIR_VARIABLE) {
            Some(dir) => Installation::in_dir(Path::new(&dir)),
            None => Installation::current(),
        };
        let current = found.unwrap_or_else(|e| {
            self.note(format_args!(
                "warning: {e}; no copy is written to a team folder"
            ));
            Installation::passing()
        });
        self.installation = Some(current.clone());
        current
    }
}
