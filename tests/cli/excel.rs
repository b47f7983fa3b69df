//! CSV and Excel, checked with LibreOffice (`soffice --headless`, from Debian's
//! libreoffice-calc-nogui): a register written `--excel` opens with the right columns and
//! values, and a register LibreOffice saves as Excel on Windows does (Windows-1252, semicolons)
//! imports once its layout is confirmed.

use super::{casedesk, path_str, text};
use std::path::{Path, PathBuf};
use std::process::Command;

/// A comma, a quote and Urdu in one value.
const AWKWARD: &str = "He said \"yes\", then left — ملزم کی حوالگی";
/// A comma, quotes and letters Windows-1252 has (Urdu it has not).
const WESTERN: &str = "He said \"yes\", then left — Café Núñez";

/// A casebook of one incoming extradition case with `summary`, through the command line.
fn casebook(dir: &Path, name: &str, kind: &str, direction: &str, summary: &str) -> PathBuf {
    let file = dir.join(name);
    let out = casedesk(&[
        "new",
        path_str(&file),
        "--kind",
        kind,
        "--direction",
        direction,
        "--opened",
        "2026-03-01",
        "--summary",
        summary,
    ]);
    assert!(out.status.success(), "{}", text(&out));
    file
}

/// Runs LibreOffice headless in `dir` (with a profile of its own there, so it neither meets a
/// LibreOffice the officer has open nor another test's) and returns the file it wrote.
fn soffice(dir: &Path, args: &[&str], wrote: &str) -> PathBuf {
    let profile = dir.join("libreoffice-profile");
    let out = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .arg("--headless")
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "this test needs LibreOffice: `soffice` could not be run ({e}); install \
                 libreoffice-calc-nogui (Debian) to run it"
            )
        });
    let written = dir.join(wrote);
    assert!(
        out.status.success() && written.exists(),
        "soffice {args:?} wrote no {wrote}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    written
}

fn export_csv(file: &Path, csv: &Path, extra: &[&str]) -> Vec<u8> {
    let mut args = vec!["export-csv", path_str(file), "-o", path_str(csv)];
    args.extend_from_slice(extra);
    let out = casedesk(&args);
    assert!(out.status.success(), "{}", text(&out));
    std::fs::read(csv).unwrap()
}

#[test]
fn an_excel_register_has_a_byte_order_mark_and_windows_line_ends_and_the_default_has_neither() {
    let dir = tempfile::tempdir().unwrap();
    let file = casebook(dir.path(), "book.ron", "mla", "outgoing", AWKWARD);
    let plain = export_csv(&file, &dir.path().join("plain.csv"), &[]);
    let excel = export_csv(&file, &dir.path().join("excel.csv"), &["--excel"]);
    assert!(!plain.starts_with(b"\xef\xbb\xbf") && !plain.contains(&b'\r'));
    assert!(excel.starts_with(b"\xef\xbb\xbf"));
    let excel = String::from_utf8(excel[3..].to_vec()).unwrap();
    let plain = String::from_utf8(plain).unwrap();
    assert_eq!(excel.matches("\r\n").count(), 2, "{excel:?}");
    assert_eq!(excel.matches('\n').count(), 2, "{excel:?}");
    // The same values.
    assert_eq!(excel.replace("\r\n", "\n"), plain);
    // A review report as CSV too; a PDF one is not laid out for Excel.
    let report = |format: &str, out: &str| {
        casedesk(&[
            "report",
            path_str(&file),
            "--from",
            "2026-01-01",
            "--to",
            "2026-12-31",
            "--format",
            format,
            "--excel",
            "-o",
            path_str(&dir.path().join(out)),
        ])
    };
    let out = report("csv", "review.csv");
    assert!(out.status.success(), "{}", text(&out));
    let review = std::fs::read(dir.path().join("review.csv")).unwrap();
    assert!(review.starts_with(b"\xef\xbb\xbf"));
    assert!(
        !String::from_utf8_lossy(&review)
            .replace("\r\n", "")
            .contains('\n')
    );
    let out = report("pdf", "review.pdf");
    assert!(!out.status.success());
    assert!(text(&out).contains("--excel"), "{}", text(&out));
}

#[test]
fn an_excel_register_opens_in_libreoffice_with_its_columns_and_values() {
    let dir = tempfile::tempdir().unwrap();
    let file = casebook(dir.path(), "book.ron", "mla", "outgoing", AWKWARD);
    export_csv(&file, &dir.path().join("register.csv"), &["--excel"]);
    // Opened as a spreadsheet program opens a CSV: the character set left to LibreOffice's
    // detection, which goes by the byte order mark; then saved as a workbook.
    soffice(
        dir.path(),
        &[
            "--infilter=CSV:44,34,,1",
            "--convert-to",
            "xlsx",
            "register.csv",
        ],
        "register.xlsx",
    );
    // The workbook read back through a CSV in UTF-8 with commas.
    let back = soffice(
        dir.path(),
        &[
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76",
            "--outdir",
            "back",
            "register.xlsx",
        ],
        "back/register.csv",
    );
    let mut reader = csv::Reader::from_path(back).unwrap();
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header, casedesk::export::csv::COLUMNS);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 1);
    let summary = header.iter().position(|c| c == "summary").unwrap();
    assert_eq!(&rows[0][summary], AWKWARD);
    assert_eq!(&rows[0][0], "MO-2026-0001");
}

#[test]
fn a_register_libreoffice_saved_in_windows_1252_with_semicolons_imports_once_confirmed() {
    let dir = tempfile::tempdir().unwrap();
    let source = casebook(dir.path(), "source.ron", "extradition", "incoming", WESTERN);
    export_csv(&source, &dir.path().join("register.csv"), &[]);
    // Read as the UTF-8 file it is, every quoted value as text (so dates stay as written), and
    // saved as Excel on a Western European Windows saves "CSV": Windows-1252, semicolons. (1 is
    // LibreOffice's number for Windows-1252; given 1252 it writes another character set.)
    soffice(
        dir.path(),
        &[
            "--infilter=CSV:44,34,76,1,,1033,true,false",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):59,34,1",
            "--outdir",
            "excel",
            "register.csv",
        ],
        "excel/register.csv",
    );
    let saved = std::fs::read(dir.path().join("excel/register.csv")).unwrap();
    // é is 0xE9 and — 0x97 in Windows-1252.
    let western = saved.contains(&0xE9) && saved.contains(&0x97);
    assert!(
        saved.contains(&b';') && western,
        "not Windows-1252: {saved:?}"
    );

    let target = casebook(dir.path(), "target.ron", "mla", "outgoing", "First");
    let before = std::fs::read(&target).unwrap();
    let import = |extra: &[&str]| {
        let csv = dir.path().join("excel/register.csv");
        let mut args = vec!["import-csv", path_str(&target), path_str(&csv)];
        args.extend_from_slice(extra);
        casedesk(&args)
    };
    let out = import(&[]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("--encoding windows-1252 --separator semicolon"),
        "{}",
        text(&out)
    );
    assert_eq!(std::fs::read(&target).unwrap(), before);
    let out = import(&["--encoding", "windows-1252", "--separator", "semicolon"]);
    assert!(out.status.success(), "{}", text(&out));
    let out = casedesk(&["list", path_str(&target)]);
    let book = casedesk::store::load(&target).unwrap();
    let summaries: Vec<&str> = book
        .cases()
        .iter()
        .map(|c| c.details.summary.as_str())
        .collect();
    assert!(
        summaries.contains(&WESTERN),
        "{summaries:?}\n{}",
        text(&out)
    );
}
