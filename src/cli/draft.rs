//! `casedesk draft FILE REFERENCE --document D -o OUT [--format docx|pdf] [--anyway]`: drafts
//! a letter from a case (`docs/drafting.md`) with the officer's template or the one shipped,
//! and attaches it to the case (an `Attached` event saying it was drafted). What the case
//! lacks for the document is named first, and nothing is drafted unless `--anyway` says to
//! draft with placeholders. `casedesk draft --fields` lists the merge fields.

use super::casebook::{export_meta, find_case, open_for_writing, record};
use super::{Env, output};
use crate::domain::Command;
use crate::domain::attachment::NewAttachment;
use crate::domain::drafting::{self, DraftKind, Drafted};
use crate::export::draft::{self, DraftFormat, fields::FIELDS};
use crate::export::printable::one_line;
use crate::store::{self, attachments, templates};
use anyhow::{Context, Result, bail};
use chrono::Local;
use clap::ValueEnum;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The casebook (a .ron file).
    #[arg(required_unless_present = "fields")]
    pub file: Option<PathBuf>,
    /// The case's reference, e.g. MO-2026-0003.
    #[arg(required_unless_present = "fields")]
    pub reference: Option<String>,
    /// The document to draft.
    #[arg(long, value_enum, required_unless_present = "fields")]
    pub document: Option<DocumentArg>,
    /// The file to write.
    #[arg(short, long, required_unless_present = "fields")]
    pub output: Option<PathBuf>,
    /// The draft's format: Word (.docx, to finish in Word or LibreOffice) or PDF.
    #[arg(long, value_enum, default_value = "docx")]
    pub format: FormatArg,
    /// Draft although the case lacks something the document needs: each gap is drafted as a
    /// visible [MISSING: …] placeholder and recorded with the draft.
    #[arg(long)]
    pub anyway: bool,
    /// The template to draft with, instead of the one in the templates folder
    /// ($CASEDESK_TEMPLATES, or `templates` in Casedesk's data folder) or the built-in one.
    #[arg(long)]
    pub template: Option<PathBuf>,
    /// List the merge fields a template may use, and what each holds.
    #[arg(long)]
    pub fields: bool,
    /// Replace OUTPUT if it exists (never a casebook or one of its files).
    #[arg(long)]
    pub force: bool,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum DocumentArg {
    MlaRequest,
    CoveringLetter,
    NoteVerbale,
    Chaser,
    Acknowledgement,
}

impl From<DocumentArg> for DraftKind {
    fn from(d: DocumentArg) -> Self {
        match d {
            DocumentArg::MlaRequest => DraftKind::MlaRequest,
            DocumentArg::CoveringLetter => DraftKind::CoveringLetter,
            DocumentArg::NoteVerbale => DraftKind::NoteVerbale,
            DocumentArg::Chaser => DraftKind::Chaser,
            DocumentArg::Acknowledgement => DraftKind::Acknowledgement,
        }
    }
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum FormatArg {
    Docx,
    Pdf,
}

impl From<FormatArg> for DraftFormat {
    fn from(f: FormatArg) -> Self {
        match f {
            FormatArg::Docx => DraftFormat::Docx,
            FormatArg::Pdf => DraftFormat::Pdf,
        }
    }
}

pub fn after_help() -> String {
    "Examples:\n  casedesk draft casebook.ron MO-2026-0003 --document mla-request -o request.docx\n  casedesk draft casebook.ron EO-2026-0002 --document chaser --format pdf -o chaser.pdf --anyway\n  casedesk draft --fields".into()
}

pub fn run(args: Args, env: &mut Env, out: &mut impl Write) -> Result<ExitCode> {
    let (Some(file), Some(reference), Some(document), Some(output), false) = (
        &args.file,
        &args.reference,
        args.document,
        &args.output,
        args.fields,
    ) else {
        return list_fields(out);
    };
    let kind = DraftKind::from(document);
    let format = DraftFormat::from(args.format);
    let output::Output::File(target) = output::export(output, file, args.force)? else {
        bail!("-o -: a draft is attached to the case as a file; name the file to write");
    };
    let template = template(&args, kind, env)?;
    let (mut book, key, held) = open_for_writing(file, env)?;
    let case = find_case(&book, reference)?;
    kind.suits(case).map_err(anyhow::Error::msg)?;
    let gaps: Vec<String> = drafting::check(&book, case, kind)
        .iter()
        .map(ToString::to_string)
        .collect();
    if !gaps.is_empty() && !args.anyway {
        bail!(
            "{} lacks what the {} needs, so nothing was drafted:\n  - {}\nRecord them, or run again with --anyway to draft with a placeholder for each",
            one_line(&case.reference),
            kind.label(),
            gaps.join("\n  - ")
        );
    }
    let now = Local::now().fixed_offset();
    let meta = export_meta(now, "");
    let letter = draft::letter(&book, case, kind, &template, &meta, now.date_naive())?;
    let bytes = draft::render(&letter, format, &meta)?;
    let name = draft::file_name(case, kind, format);
    let case_id = case.id;
    let stored = attachments::store_bytes(file, &name, &bytes, key.as_ref())?;
    let attach = Command::Attach {
        case: case_id,
        attachment: Box::new(NewAttachment {
            name: name.clone(),
            size: stored.size,
            hash: stored.hash.clone(),
            to: None,
            drafted: Some(Drafted {
                document: kind,
                gaps: gaps.clone(),
            }),
        }),
    };
    let written = store::write_export_recorded(&target.path, &bytes, || {
        record(&mut book, file, &held, key.as_ref(), vec![attach], now, env)
    });
    if let Err(e) = written {
        // Not recorded: the bytes just stored are no one's (those kept before stay).
        if !stored.already {
            attachments::remove_unrecorded(file, &stored.hash);
        }
        return Err(e);
    }
    writeln!(
        out,
        "Drafted the {} for {} to {}; attached to the case as {name}{}",
        kind.label(),
        one_line(reference),
        target.path.display(),
        match gaps.len() {
            0 => String::new(),
            n => format!(
                "; {} drafted as [MISSING: …]",
                crate::count::count(n, "gap", "gaps")
            ),
        }
    )?;
    Ok(ExitCode::SUCCESS)
}

/// The template `--template` names, else the templates folder's, else the built-in one.
fn template(args: &Args, kind: DraftKind, env: &Env) -> Result<draft::Template> {
    let own = match &args.template {
        Some(path) => Some((path.clone(), templates::read_template(path)?)),
        None => {
            let folder = templates::templates_folder(env.var_os(templates::TEMPLATES_DIR_VARIABLE));
            templates::officer_template(folder.as_deref(), &format!("{}.txt", kind.code()))?
        }
    };
    draft::template_for(kind, own.as_ref()).context("reading the template")
}

/// `--fields`: each merge field, what it holds, and whether it is a list.
fn list_fields(out: &mut impl Write) -> Result<ExitCode> {
    writeln!(
        out,
        "Merge fields (write {{{{name}}}} in a template; docs/drafting.md §7):"
    )?;
    for f in FIELDS {
        let list = if f.list { " (list)" } else { "" };
        writeln!(out, "  {:<24} {}{list}", f.name, f.about)?;
    }
    Ok(ExitCode::SUCCESS)
}
