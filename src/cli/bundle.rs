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
use crate::domain::{Command, ExportProfile};
use crate::export::bundle::{self as bundles, Contents};
use crate::export::printable::one_line;
use crate::export::{self as exports, Format, Progress, Selection};
use crate::store;
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
    let format = Format::from(args.format);
    let summary = exports::case_summary(
        &book,
        &[case.id],
        ExportProfile::Partner,
        Selection {
            include_ncnd: args.include_ncnd,
        },
        format,
        &export_meta(now, recipient),
        now.date_naive(),
        &Progress::default(),
    )?;
    let contents = Contents {
        heading: format!(
            "Bundle for {recipient}: {}, made by Casedesk on {}",
            case.reference,
            now.format("%Y-%m-%d")
        ),
        summary: (
            format!("summary-{}.{}", case.reference, extension(format)),
            summary.bytes,
        ),
        attachments: ticked,
        casebook: file,
        key: key.as_ref(),
    };
    let mut written = Err(bundles::BundleError::NoManifest);
    let staged = store::stage_export_streamed(&target.path, |f| {
        written = bundles::write_bundle(f, &contents, sealed_for.as_ref(), &mut |_| true);
        written
            .as_ref()
            .map(drop)
            .map_err(|e| std::io::Error::other(e.to_string()))
    });
    let manifest = written?;
    let staged = staged?;
    let disclosure = Command::RecordDisclosure {
        case: case.id,
        document: bundle_document(&manifest, format, args.encrypt),
        profile: ExportProfile::Partner,
        recipient: recipient.to_string(),
    };
    record(
        &mut book,
        file,
        &held,
        key.as_ref(),
        vec![disclosure],
        now,
        env,
    )?;
    staged.publish()?;
    writeln!(
        out,
        "Wrote {} ({}{}); manifest SHA-256 {}; recorded the disclosure to {}",
        target.path.display(),
        crate::count::count(manifest.files, "file", "files"),
        if args.encrypt {
            ", sealed with the recipient's passphrase"
        } else {
            ""
        },
        manifest.sha256,
        one_line(recipient)
    )?;
    Ok(ExitCode::SUCCESS)
}

/// What the disclosure records of a bundle: what it held and its manifest's SHA-256.
pub fn bundle_document(manifest: &bundles::Manifest, format: Format, sealed: bool) -> String {
    format!(
        "Bundle for the counterpart (zip{}): case summary ({format}) and {}; manifest SHA-256 {}",
        if sealed { ", encrypted" } else { "" },
        crate::count::count(manifest.files - 1, "attachment", "attachments"),
        manifest.sha256
    )
}

fn extension(format: Format) -> &'static str {
    match format {
        Format::Markdown => "md",
        Format::Html => "html",
        Format::Pdf => "pdf",
        Format::Csv => "csv",
    }
}
