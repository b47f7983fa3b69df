//! Issue 21's drafting at the command line: `casedesk draft` checks the case, refuses a draft
//! with gaps unless `--anyway`, writes a .docx or PDF that LibreOffice reads, attaches it with
//! its event; bad input changes nothing. Needs LibreOffice (`soffice`, Debian package
//! libreoffice-writer-nogui) and poppler-utils (`pdftotext`).

use super::{Ran, casedesk, casedesk_env, path_str, text};
use casedesk::domain::drafting::{DraftKind, check};
use casedesk::domain::{CaseKind, Command, Contact, ContactId, Ctx, Direction, SeededIds};
use casedesk::store;
use std::path::{Path, PathBuf};
use std::process::Command as Process;

struct Book {
    dir: tempfile::TempDir,
    file: PathBuf,
    /// An outgoing MLA request with all a letter of request needs.
    reference: String,
}

const SUBJECT_LINE: &str = "Persons concerned";

/// A two-line wording for the provision `statute` (the sample records none).
fn law_text(statute: &str) -> String {
    format!(
        "(1) The wording of {statute}, as the requested state reads it.\n(2) Its penalty, on a line of its own."
    )
}

impl Book {
    /// A sample casebook whose first outgoing MLA case lacks nothing for its letter, once
    /// `edit` has changed its details.
    fn new(edit: impl FnOnce(&mut casedesk::domain::details::CaseDetails)) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("casebook.ron");
        let mut book = casedesk::sample::generate(80, 1, "2026-11-23".parse().unwrap());
        let case = book
            .cases()
            .iter()
            .find(|c| c.kind == CaseKind::Mla && c.direction == Direction::Outgoing)
            .unwrap()
            .clone();
        let mut ctx = Ctx {
            now: "2026-11-24T09:30:00+05:00".parse().unwrap(),
            ids: &mut SeededIds::new(4),
        };
        book.apply(
            Command::SaveContact(Contact {
                id: ContactId(uuid::Uuid::from_u128(0xC0)),
                name: "A. Khan".into(),
                agency: None,
                role: "Liaison officer".into(),
                email: "a.khan@example.org".into(),
                phone: "+44 20 7946 0000".into(),
            }),
            &mut ctx,
        )
        .unwrap();
        let mut details = case.details.clone();
        details.assigned_officer = "A. Khan".into();
        for o in &mut details.offences {
            o.law_text = law_text(&o.statute);
        }
        edit(&mut details);
        book.apply(
            Command::UpdateCase {
                case: case.id,
                details: Box::new(details),
            },
            &mut ctx,
        )
        .unwrap();
        store::save(&file, &book, "2026-11-24T05:00:00Z".parse().unwrap()).unwrap();
        Self {
            dir,
            file,
            reference: case.reference.clone(),
        }
    }

    fn f(&self) -> &str {
        path_str(&self.file)
    }

    fn out(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn draft(&self, extra: &[&str], out: &Path) -> Ran {
        let mut args = vec![
            "draft",
            self.f(),
            &self.reference,
            "--document",
            "mla-request",
            "-o",
            path_str(out),
        ];
        args.extend_from_slice(extra);
        casedesk(&args)
    }

    fn book(&self) -> casedesk::domain::Casebook {
        store::load(&self.file).unwrap()
    }
}

fn ok(out: Ran) -> String {
    assert!(out.status.success(), "{}", text(&out));
    text(&out)
}

fn refused(out: Ran) -> String {
    assert!(!out.status.success(), "{}", text(&out));
    text(&out)
}

/// LibreOffice's `soffice`, or a failure that says what to install.
fn soffice() -> &'static str {
    let found = Process::new("soffice").arg("--version").output();
    match found {
        Ok(out) if out.status.success() => "soffice",
        _ => panic!(
            "This test reads the drafted .docx with LibreOffice, which is not installed: install \
             libreoffice-writer-nogui (Debian) so that `soffice` is on the PATH"
        ),
    }
}

/// The text LibreOffice reads in the .docx at `docx`: converted headless to a PDF, then read
/// by `pdftotext`, as the officer's office suite and a printer would see it.
fn libreoffice_text(docx: &Path) -> String {
    let out_dir = docx.parent().unwrap().join("converted");
    let profile = docx.parent().unwrap().join("lo-profile");
    let ran = Process::new(soffice())
        .arg(format!(
            "-env:UserInstallation=file://{}",
            path_str(&profile)
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(&out_dir)
        .arg(docx)
        .output()
        .unwrap();
    let pdf = out_dir.join(docx.with_extension("pdf").file_name().unwrap());
    assert!(
        pdf.is_file(),
        "LibreOffice did not convert {}: {}",
        docx.display(),
        String::from_utf8_lossy(&ran.stderr)
    );
    pdf_text(&pdf)
}

fn pdf_text(pdf: &Path) -> String {
    let out = Process::new("pdftotext")
        .args(["-layout"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    assert!(out.status.success());
    // Words, each once separated, so a line wrapped anywhere still reads as the sentence.
    String::from_utf8(out.stdout)
        .unwrap()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn a_complete_request_is_drafted_attached_and_read_by_libreoffice() {
    let desk = Book::new(|_| {});
    let book = desk.book();
    let case = book.case_by_reference(&desk.reference).unwrap();
    assert_eq!(check(&book, case, DraftKind::MlaRequest), vec![]);
    let subject = book
        .person(casedesk::domain::drafting::subjects(case).next().unwrap())
        .unwrap()
        .name
        .clone();
    let statute = case.details.offences[0].statute.to_string();
    let wording = law_text(&statute);
    let authority = case.details.requesting_authority.to_string();

    let docx = desk.out("request.docx");
    let said = ok(desk.draft(&[], &docx));
    assert!(said.contains("attached to the case as"), "{said}");
    let read = libreoffice_text(&docx);
    for expected in [
        subject.as_str(),
        statute.as_str(),
        "The text of the law creating each offence",
        // Both lines, in order (the reading joins them with a space).
        wording.replace('\n', " ").as_str(),
        authority.as_str(),
        SUBJECT_LINE,
        "a.khan@example.org",
        "OFFICIAL-SENSITIVE",
    ] {
        assert!(read.contains(expected), "{expected:?} not in {read}");
    }
    assert!(!read.contains("MISSING"), "{read}");
    assert!(!read.contains("{{"), "{read}");

    // Attached, with the event saying what was drafted.
    let listed = ok(casedesk(&[
        "attachments",
        desk.f(),
        &desk.reference,
        "--verify",
    ]));
    let name = format!("{}-mla-request.docx", desk.reference);
    assert!(listed.contains(&name), "{listed}");
    let shown = ok(casedesk(&["show", desk.f(), &desk.reference]));
    assert!(
        shown.contains(&format!("Drafted MLA letter of request: {name}")),
        "{shown}"
    );
}

#[test]
fn a_draft_with_gaps_is_refused_unless_the_officer_says_anyway() {
    let desk = Book::new(|d| d.summary.clear());
    let before = std::fs::read(&desk.file).unwrap();
    let docx = desk.out("request.docx");
    let said = refused(desk.draft(&[], &docx));
    assert!(said.contains("The summary of facts"), "{said}");
    assert!(said.contains("--anyway"), "{said}");
    assert!(!docx.exists());
    assert_eq!(std::fs::read(&desk.file).unwrap(), before);
    assert!(!desk.dir.path().join("casebook.attachments").exists());

    let said = ok(desk.draft(&["--anyway"], &docx));
    assert!(said.contains("1 gap drafted as [MISSING: …]"), "{said}");
    let read = libreoffice_text(&docx);
    assert!(read.contains("[MISSING: the summary of facts]"), "{read}");
    let book = desk.book();
    let case = book.case_by_reference(&desk.reference).unwrap();
    let drafted = case.history().iter().rev().find_map(|e| match &e.kind {
        casedesk::domain::EventKind::Attached {
            drafted: Some(d), ..
        } => Some(d.clone()),
        _ => None,
    });
    let drafted = drafted.unwrap();
    assert_eq!(drafted.document, DraftKind::MlaRequest);
    assert_eq!(drafted.gaps, ["The summary of facts"]);
}

#[test]
fn a_pdf_draft_reads_as_the_letter() {
    let desk = Book::new(|_| {});
    let pdf = desk.out("request.pdf");
    ok(desk.draft(&["--format", "pdf"], &pdf));
    let read = pdf_text(&pdf);
    assert!(
        read.contains("Request for mutual legal assistance"),
        "{read}"
    );
    assert!(read.contains(SUBJECT_LINE), "{read}");
}

#[test]
fn an_officer_template_from_the_templates_folder_is_used() {
    let desk = Book::new(|_| {});
    let folder = desk.dir.path().join("templates");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(
        folder.join("mla-request.txt"),
        "% ours\n# Our own letter for {{our_reference}}\n- {{offences}}\n",
    )
    .unwrap();
    let docx = desk.out("own.docx");
    let ran = casedesk_env(
        &[
            "draft",
            desk.f(),
            &desk.reference,
            "--document",
            "mla-request",
            "-o",
            path_str(&docx),
        ],
        &[("CASEDESK_TEMPLATES", path_str(&folder))],
    );
    ok(ran);
    let read = libreoffice_text(&docx);
    assert!(
        read.contains(&format!("Our own letter for {}", desk.reference)),
        "{read}"
    );
    assert!(!read.contains(SUBJECT_LINE), "{read}");
}

#[test]
fn bad_input_is_refused_and_changes_nothing() {
    let desk = Book::new(|_| {});
    let before = std::fs::read(&desk.file).unwrap();
    let docx = desk.out("request.docx");
    let bad_template = desk.out("bad.txt");
    std::fs::write(&bad_template, "Dear {{nobody}},\n").unwrap();
    std::fs::write(desk.out("exists.docx"), b"keep me").unwrap();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["--template", path_str(&bad_template)],
            "line 1, column 6: there is no merge field {{nobody}}",
        ),
        (
            vec!["--template", "/no/such/template.txt"],
            "Could not read the template /no/such/template.txt",
        ),
    ];
    for (extra, says) in cases {
        let said = refused(desk.draft(&extra, &docx));
        assert!(said.contains(says), "{extra:?}: {said}");
    }
    let said = refused(casedesk(&[
        "draft",
        desk.f(),
        "MO-1999-0001",
        "--document",
        "chaser",
        "-o",
        path_str(&docx),
    ]));
    assert!(
        said.contains("No case with reference MO-1999-0001"),
        "{said}"
    );
    let said = refused(casedesk(&[
        "draft",
        desk.f(),
        &desk.reference,
        "--document",
        "acknowledgement",
        "-o",
        path_str(&docx),
    ]));
    assert!(said.contains("drafted for a request we received"), "{said}");
    let said = refused(desk.draft(&[], Path::new("-")));
    assert!(said.contains("name the file to write"), "{said}");
    let said = refused(desk.draft(&[], &desk.file));
    assert!(said.contains("casebook being read"), "{said}");
    let said = refused(desk.draft(&[], &desk.out("exists.docx")));
    assert!(said.contains("already exists"), "{said}");
    assert_eq!(std::fs::read(desk.out("exists.docx")).unwrap(), b"keep me");
    let said = refused(casedesk(&["draft", desk.f(), &desk.reference]));
    assert!(said.contains("--document"), "{said}");
    assert!(!docx.exists());
    assert_eq!(std::fs::read(&desk.file).unwrap(), before);
    assert!(!desk.dir.path().join("casebook.attachments").exists());
}

#[test]
fn fields_are_listed_with_what_each_holds() {
    let said = ok(casedesk(&["draft", "--fields"]));
    assert!(said.contains("offences"), "{said}");
    assert!(said.contains("(list)"), "{said}");
    assert_eq!(
        said.lines().filter(|l| l.starts_with("  ")).count(),
        casedesk::export::draft::fields::FIELDS.len()
    );
}
