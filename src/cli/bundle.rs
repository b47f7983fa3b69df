//! `casedesk bundle FILE REFERENCE --to WHOM -o OUT.zip [--attachment N]… [--all]
//! [--format F] [--encrypt]`: one zip for the counterpart holding the partner-profile summary,
//! the attachments chosen and `SHA256SUMS`; sealed for the recipient with a passphrase (from
//! CASEDESK_BUNDLE_PASSPHRASE, or asked for) with `--encrypt`. The disclosure, with the
//! manifest's SHA-256, is recorded in the case's history with the file or not at all.

use super::attachments::pick;
use super::casebook::{export_meta, find_case, open_for_writing, record};
use super::export::DocFormatArg;
use super::{Env, output};
use crate::domain::attachment::{self, Attachment};
use crate::export::bundle::{Order, stage_bundle};
use crate::export::printable::one_line;
use crate::export::{Format, Progress, Selection};
use anyhow::{Result, bail};
use chrono::Local;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The casebook (a .ron file).
    pub file: PathBuf,
    /// The case's reference, e.g. EI-2026-0001.
    pub reference: String,
    /// Who receives it (recorded in the case's history).
    #[arg(long = "to")]
    pub recipient: String,
    /// An attachment to include: its number in `casedesk attachments`, or its name; repeat
    /// for more.
    #[arg(long = "attachment")]
    pub attachments: Vec<String>,
    /// Include every attachment on the case.
    #[arg(long, conflicts_with = "attachments")]
    pub all: bool,
    /// The summary's format.
    #[arg(long, value_enum, default_value = "pdf")]
    pub format: DocFormatArg,
    /// Seal the bundle for the recipient with a passphrase (CASEDESK_BUNDLE_PASSPHRASE, or
    /// asked for); tell them the passphrase another way.
    #[arg(long)]
    pub encrypt: bool,
    /// Include a neither-confirm-nor-deny case.
    #[arg(long)]
    pub include_ncnd: bool,
    /// The file to write.
    #[arg(short, long)]
    pub output: PathBuf,
    /// Replace OUTPUT if it exists (never a casebook or one of its files).
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: Args, env: &mut Env, out: &mut impl Write) -> Result<ExitCode> {
    let file = &args.file;
    let output::Output::File(target) = output::export(&args.output, file, args.force)? else {
        bail!("-o -: a bundle is a zip file; name the file to write");
    };
    let recipient = args.recipient.trim();
    if recipient.is_empty() {
        bail!("--to: say who receives the bundle");
    }
    let sealed_for = if args.encrypt {
        let passphrase = env.passphrase(
            "CASEDESK_BUNDLE_PASSPHRASE",
            "Passphrase for the recipient: ",
        )?;
        if passphrase.is_empty() {
            bail!("--encrypt: the recipient's passphrase is empty");
        }
        Some(env.key_for(passphrase))
    } else {
        None
    };
    let (mut book, key, held) = open_for_writing(file, env)?;
    let case = find_case(&book, &args.reference)?;
    let ticked: Vec<Attachment> = if args.all {
        attachment::current(case).collect()
    } else {
        args.attachments
            .iter()
            .map(|which| pick(case, which))
            .collect::<Result<_>>()?
    };
    let now = Local::now().fixed_offset();
    let meta = export_meta(now, recipient);
    let order = Order {
        book: &book,
        case,
        ticked,
        format: Format::from(args.format),
        selection: Selection {
            include_ncnd: args.include_ncnd,
        },
        meta: &meta,
        today: now.date_naive(),
        casebook: file,
        key: key.as_ref(),
        sealed_for: sealed_for.as_ref(),
    };
    let staged = stage_bundle(&order, &target.path, &Progress::default())?;
    record(
        &mut book,
        file,
        &held,
        key.as_ref(),
        vec![staged.disclosure],
        now,
        env,
    )?;
    staged.file.publish()?;
    writeln!(
        out,
        "Wrote {} ({}{}); manifest SHA-256 {}; recorded the disclosure to {}",
        target.path.display(),
        crate::count::count(staged.manifest.files, "file", "files"),
        if args.encrypt {
            ", sealed with the recipient's passphrase"
        } else {
            ""
        },
        staged.manifest.sha256,
        one_line(recipient)
    )?;
    Ok(ExitCode::SUCCESS)
}
