//! `casedesk verify-bundle BUNDLE`: checks a bundle (`casedesk bundle`) against its manifest:
//! every file listed is there with its SHA-256 and size, nothing else is; says the manifest's
//! SHA-256 to compare with the disclosure recorded. A sealed bundle needs its passphrase
//! (CASEDESK_BUNDLE_PASSPHRASE, or asked for).

use super::Env;
use crate::count::count;
use crate::export::bundle::verify_bundle;
use crate::store;
use anyhow::{Context, Result, anyhow, bail};
use std::io::{BufReader, Cursor, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The bundle (a zip, or one sealed with a passphrase).
    pub bundle: PathBuf,
}

pub fn run(args: Args, env: &mut Env, out: &mut impl Write) -> Result<ExitCode> {
    let path = &args.bundle;
    let reading = || format!("reading {}", path.display());
    let file = std::fs::File::open(path).with_context(reading)?;
    let checked = if store::file_is_encrypted(path) {
        let passphrase =
            env.passphrase("CASEDESK_BUNDLE_PASSPHRASE", "The bundle's passphrase: ")?;
        let key = env.key_for(passphrase);
        let mut plain = Vec::new();
        store::open_sealed(BufReader::new(file), Some(&key))
            .map_err(|why| anyhow!("{} cannot be opened: {why}", path.display()))?
            .read_to_end(&mut plain)
            .with_context(reading)?;
        verify_bundle(Cursor::new(plain))
    } else {
        verify_bundle(file)
    }
    .with_context(reading)?;
    for problem in &checked.problems {
        writeln!(out, "{problem}")?;
    }
    if !checked.problems.is_empty() {
        bail!(
            "{} does not match its manifest: {}",
            path.display(),
            count(checked.problems.len(), "problem", "problems")
        );
    }
    writeln!(
        out,
        "{}: {} match the manifest; manifest SHA-256 {}",
        path.display(),
        count(checked.files, "file", "files"),
        checked.manifest_sha256
    )?;
    Ok(ExitCode::SUCCESS)
}
