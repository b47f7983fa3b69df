//! The bundle for the counterpart (`docs/law.md` §6): one zip holding the partner-profile
//! summary, the attachments the officer ticked, and `SHA256SUMS`, a manifest listing each file
//! with its SHA-256 and size in the form `sha256sum -c` checks (the sizes in comment lines,
//! which it skips). Optionally sealed for the recipient with a passphrase (age). The
//! disclosure recorded names the manifest's own SHA-256, so a bundle received can be matched
//! to the record. Attachments are read from the casebook's store a piece at a time, checked
//! against their hash on the way: an altered one stops the bundle.

use super::printable::one_line;
use super::{ExportError, ExportMeta, Format, Progress, Selection};
use crate::domain::attachment::Attachment;
use crate::domain::{Case, Casebook, Command, ExportProfile};
use crate::store::attachments::{AttachmentFileError, read_verified};
use crate::store::{Key, StagedExport, seal_writer, stage_export_streamed};
use chrono::NaiveDate;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashSet};
use std::fs::File;
use std::io::{self, Read, Seek, Write};
use std::path::Path;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

/// The manifest's name in the bundle.
pub const MANIFEST: &str = "SHA256SUMS";
/// The folder of the bundle the attachments are in.
const ATTACHMENTS: &str = "attachments";

#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    #[error("The bundle could not be written: {0}")]
    Zip(#[from] zip::result::ZipError),
    #[error("The bundle could not be written: {0}")]
    Io(#[from] io::Error),
    #[error(transparent)]
    Attachment(#[from] AttachmentFileError),
    #[error("This is not a Casedesk bundle: it has no {MANIFEST}")]
    NoManifest,
    #[error("The bundle cannot be read: {0}")]
    Unreadable(String),
    #[error(transparent)]
    Summary(#[from] ExportError),
    #[error(transparent)]
    Staging(#[from] crate::store::ExportWriteError),
}

/// A bundle to make: of `case`, for `meta.recipient`, holding `ticked`.
pub struct Order<'a> {
    pub book: &'a Casebook,
    pub case: &'a Case,
    pub ticked: Vec<Attachment<'a>>,
    /// The summary's format.
    pub format: Format,
    pub selection: Selection,
    pub meta: &'a ExportMeta,
    pub today: NaiveDate,
    /// The casebook's file, whose attachments are read, and its passphrase.
    pub casebook: &'a Path,
    pub key: Option<&'a Key>,
    /// The recipient's passphrase the bundle is sealed with, if any.
    pub sealed_for: Option<&'a Key>,
}

/// A bundle written whole into a temporary file beside its place, with the disclosure to record
/// once it is: the caller records it and publishes the file, both or neither.
pub struct Staged {
    pub file: StagedExport,
    pub disclosure: Command,
    pub manifest: Manifest,
}

/// Writes the bundle `order` describes to a temporary file beside `path`; `progress` counts
/// the attachments' bytes and cancels.
pub fn stage_bundle(
    order: &Order,
    path: &Path,
    progress: &Progress,
) -> Result<Staged, BundleError> {
    let summary = super::case_summary(
        order.book,
        &[order.case.id],
        ExportProfile::Partner,
        order.selection,
        order.format,
        order.meta,
        order.today,
        progress,
    )?;
    let reference = &order.case.reference;
    let contents = Contents {
        heading: format!(
            "Bundle for {}: {reference}, made by Casedesk on {}",
            order.meta.recipient, order.today
        ),
        summary: (
            format!("summary-{reference}.{}", order.format.extension()),
            summary.bytes,
        ),
        attachments: order.ticked.clone(),
        casebook: order.casebook,
        key: order.key,
    };
    let total: u64 = order.ticked.iter().map(|a| a.size).sum();
    progress
        .begin("Writing the bundle (MB)", mebibytes(total))
        .map_err(ExportError::from)?;
    let mut written = Err(BundleError::NoManifest);
    let staged = stage_export_streamed(path, |f| {
        written = write_bundle(f, &contents, order.sealed_for, &mut |done| {
            progress.bytes_done(done)
        });
        written
            .as_ref()
            .map(drop)
            .map_err(|e| io::Error::other(e.to_string()))
    });
    let manifest = written?;
    let file = staged?;
    Ok(Staged {
        file,
        disclosure: Command::RecordDisclosure {
            case: order.case.id,
            document: document(&manifest, order.format, order.sealed_for.is_some()),
            profile: ExportProfile::Partner,
            recipient: order.meta.recipient.clone(),
        },
        manifest,
    })
}

/// How many whole mebibytes `bytes` make, for a progress bar.
pub fn mebibytes(bytes: u64) -> usize {
    usize::try_from(bytes >> 20).unwrap_or(usize::MAX)
}

/// What the disclosure records of a bundle: what it held and its manifest's SHA-256.
fn document(manifest: &Manifest, format: Format, sealed: bool) -> String {
    format!(
        "Bundle for the counterpart (zip{}): case summary ({format}) and {}; manifest SHA-256 {}",
        if sealed { ", encrypted" } else { "" },
        crate::count::count(manifest.files - 1, "attachment", "attachments"),
        manifest.sha256
    )
}

/// What goes in a bundle.
pub struct Contents<'a> {
    /// Said at the manifest's head, e.g. "Bundle for FIA Islamabad: EI-2026-0001".
    pub heading: String,
    /// The summary's name in the bundle, e.g. `summary-EI-2026-0001.pdf`, and its bytes.
    pub summary: (String, Vec<u8>),
    /// The attachments ticked, from the store of the casebook at `casebook` (opened with
    /// `key`).
    pub attachments: Vec<Attachment<'a>>,
    pub casebook: &'a Path,
    pub key: Option<&'a Key>,
}

/// The manifest a bundle was written with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Manifest {
    pub text: String,
    /// The SHA-256 of the manifest's text, in hexadecimal: recorded with the disclosure.
    pub sha256: String,
    /// How many files it lists.
    pub files: usize,
}

/// Writes the bundle of `contents` into `file`, sealed with `recipient`'s passphrase when
/// given; `progress` hears the bytes of attachments done and may cancel.
pub fn write_bundle(
    file: &mut File,
    contents: &Contents,
    recipient: Option<&Key>,
    progress: &mut dyn FnMut(u64) -> bool,
) -> Result<Manifest, BundleError> {
    match recipient {
        None => fill(ZipWriter::new(&mut *file), contents, progress),
        Some(key) => {
            let mut sealed = seal_writer(&mut *file, key)?;
            // An age stream cannot seek back: the zip is written as a stream (sizes after
            // each file), which every unzip reads.
            let manifest = fill(ZipWriter::new_stream(&mut sealed), contents, progress)?;
            sealed.finish()?;
            Ok(manifest)
        }
    }
}

/// The names the attachments take in the bundle: `attachments/<name>`, the second of two
/// of one name numbered ("scan (2).pdf").
pub fn entry_names(names: &[&str]) -> Vec<String> {
    let mut taken = HashSet::new();
    names
        .iter()
        .map(|name| {
            let (stem, ext) = match name.rsplit_once('.') {
                Some((stem, ext)) if !stem.is_empty() => (stem, format!(".{ext}")),
                _ => (*name, String::new()),
            };
            let mut candidate = name.to_string();
            let mut n = 1;
            while !taken.insert(candidate.to_lowercase()) {
                n += 1;
                candidate = format!("{stem} ({n}){ext}");
            }
            format!("{ATTACHMENTS}/{candidate}")
        })
        .collect()
}

/// A writer passing bytes on while counting them and hashing them with SHA-256.
struct Tee<'w> {
    out: &'w mut dyn Write,
    sha: Sha256,
    size: u64,
}

impl Write for Tee<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.out.write(buf)?;
        self.sha.update(&buf[..n]);
        self.size += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

fn fill<W: Write + Seek>(
    mut zip: ZipWriter<W>,
    contents: &Contents,
    progress: &mut dyn FnMut(u64) -> bool,
) -> Result<Manifest, BundleError> {
    let options = |size: u64| {
        SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated)
            .large_file(size >= u64::from(u32::MAX))
    };
    let mut text = format!("# {}\n", one_line(&contents.heading));
    let mut add = |name: &str, sha: Sha256, size: u64| {
        text.push_str(&format!(
            "# {size} bytes\n{}  {name}\n",
            hex(&sha.finalize())
        ));
    };
    let (summary_name, summary) = &contents.summary;
    zip.start_file(summary_name.as_str(), options(summary.len() as u64))?;
    let mut tee = Tee {
        out: &mut zip,
        sha: Sha256::new(),
        size: 0,
    };
    tee.write_all(summary)?;
    let Tee { sha, size, .. } = tee;
    add(summary_name, sha, size);
    let names: Vec<&str> = contents.attachments.iter().map(|a| a.name).collect();
    let mut done = 0;
    for (a, name) in contents.attachments.iter().zip(entry_names(&names)) {
        zip.start_file(name.as_str(), options(a.size))?;
        let mut tee = Tee {
            out: &mut zip,
            sha: Sha256::new(),
            size: 0,
        };
        let before = done;
        read_verified(contents.casebook, a, contents.key, &mut tee, &mut |n| {
            progress(before + n)
        })?;
        let Tee { sha, size, .. } = tee;
        done += size;
        add(&name, sha, size);
    }
    zip.start_file(MANIFEST, options(text.len() as u64))?;
    zip.write_all(text.as_bytes())?;
    zip.finish()?;
    Ok(Manifest {
        sha256: hex(&Sha256::digest(text.as_bytes())),
        files: contents.attachments.len() + 1,
        text,
    })
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// What checking a bundle found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Checked {
    /// How many files the manifest lists.
    pub files: usize,
    /// The SHA-256 of the manifest, to match against the disclosure recorded.
    pub manifest_sha256: String,
    /// What does not match, a line each; none for a bundle as it was made.
    pub problems: Vec<String>,
}

/// One line of a manifest: its SHA-256 and the size its comment line gives, if any.
struct Listed {
    sha256: String,
    size: Option<u64>,
}

/// The files a manifest lists, by name; a line it cannot read is a problem.
fn parse_manifest(text: &str, problems: &mut Vec<String>) -> BTreeMap<String, Listed> {
    let mut listed = BTreeMap::new();
    let mut size = None;
    for (i, line) in text.lines().enumerate() {
        if let Some(comment) = line.strip_prefix('#') {
            size = comment
                .trim()
                .strip_suffix(" bytes")
                .and_then(|n| n.parse().ok());
            continue;
        }
        if line.trim().is_empty() {
            continue;
        }
        // `<hash>  <name>` (text mode) or `<hash> *<name>` (binary mode).
        let entry = line
            .split_once("  ")
            .or_else(|| line.split_once(" *"))
            .filter(|(hash, _)| hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit()));
        match entry {
            Some((hash, name)) => {
                listed.insert(
                    name.to_string(),
                    Listed {
                        sha256: hash.to_ascii_lowercase(),
                        size: size.take(),
                    },
                );
            }
            None => problems.push(format!(
                "{MANIFEST} line {}: not a SHA-256 and a file name",
                i + 1
            )),
        }
    }
    listed
}

/// Checks a bundle (a plain zip) against its manifest: every file listed is there with its
/// SHA-256 and size, and nothing is there that it does not list.
pub fn verify_bundle<R: Read + Seek>(input: R) -> Result<Checked, BundleError> {
    let unreadable = |e: zip::result::ZipError| BundleError::Unreadable(e.to_string());
    let mut zip = ZipArchive::new(input).map_err(unreadable)?;
    let mut text = String::new();
    zip.by_name(MANIFEST)
        .map_err(|_| BundleError::NoManifest)?
        .read_to_string(&mut text)
        .map_err(|e| BundleError::Unreadable(format!("{MANIFEST}: {e}")))?;
    let mut checked = Checked {
        manifest_sha256: hex(&Sha256::digest(text.as_bytes())),
        ..Checked::default()
    };
    let mut listed = parse_manifest(&text, &mut checked.problems);
    checked.files = listed.len();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).map_err(unreadable)?;
        let name = entry.name().map_err(unreadable)?.into_owned();
        if entry.is_dir() || name == MANIFEST {
            continue;
        }
        let shown = one_line(&name).into_owned();
        let mut tee = Tee {
            out: &mut io::sink(),
            sha: Sha256::new(),
            size: 0,
        };
        if let Err(e) = io::copy(&mut entry, &mut tee) {
            checked
                .problems
                .push(format!("{shown}: cannot be read ({e})"));
            continue;
        }
        let Tee { sha, size, .. } = tee;
        match listed.remove(&name) {
            None => checked
                .problems
                .push(format!("{shown}: not listed in {MANIFEST}")),
            Some(l) if l.sha256 != hex(&sha.finalize()) => checked.problems.push(format!(
                "{shown}: altered (its SHA-256 is not the one {MANIFEST} lists)"
            )),
            Some(Listed {
                size: Some(listed_size),
                ..
            }) if listed_size != size => checked.problems.push(format!(
                "{shown}: {size} bytes, where {MANIFEST} lists {listed_size}"
            )),
            Some(_) => {}
        }
    }
    for name in listed.keys() {
        checked.problems.push(format!(
            "{}: listed in {MANIFEST} but not in the bundle",
            one_line(name)
        ));
    }
    Ok(checked)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_attachments_of_one_name_take_two_names() {
        assert_eq!(
            entry_names(&["scan.pdf", "Scan.pdf", "scan.pdf", "README"]),
            vec![
                "attachments/scan.pdf",
                "attachments/Scan (2).pdf",
                "attachments/scan (3).pdf",
                "attachments/README"
            ]
        );
    }
}
