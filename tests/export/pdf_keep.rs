//! Two faults the rendered review report showed (issue 23): a heading with its table's header
//! left at the foot of a page and the rows on the next, and a chart's long labels running into
//! each other. A heading now keeps its table's start with it, a table's header its first row,
//! and a chart's label is cut short within its bars' room.

use super::fixture::meta;
use casedesk::domain::ExportProfile;
use casedesk::export::doc::{Block, Chart, Doc, Section, Series, Table};

/// `tool` (a poppler utility) on the PDF `bytes`, `args` before the file.
fn poppler(tool: &str, args: &[&str], bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("doc.pdf");
    std::fs::write(&pdf, bytes).unwrap();
    let out = std::process::Command::new(tool)
        .args(args)
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(out.status.success(), "{tool}");
    String::from_utf8(out.stdout).unwrap()
}

fn render(blocks: Vec<Block>) -> Vec<u8> {
    let mut doc = Doc::new(
        "Review report",
        "OFFICIAL".into(),
        &meta(),
        ExportProfile::Full,
    );
    doc.sections.push(Section {
        heading: "Governance".into(),
        running_head: "Review report".into(),
        blocks,
    });
    casedesk::export::pdf::render(&doc).unwrap()
}

#[test]
fn a_heading_and_its_tables_header_stay_on_the_page_of_the_first_row() {
    // Filler of fields (12 points a line) and of a table's rows (16 points a row) in every
    // mix that ends near the page's foot, so what follows falls at every height there.
    let mixes = (44..62).flat_map(|n| (0..4).flat_map(move |m| [(n, m, true), (n, m, false)]));
    for (filler, rows, heading) in mixes {
        let fields = (0..filler)
            .map(|i| (format!("Filler {i}"), i.to_string()))
            .collect();
        let rows = (0..rows).map(|i| vec![format!("Row {i}")]).collect();
        let title = match heading {
            true => "Zebraheading",
            false => "Zebraparagraph",
        };
        let bytes = render(vec![
            Block::Fields(fields),
            Block::Table(Table::new(&["Filler"], rows)),
            match heading {
                true => Block::Heading(title.into()),
                false => Block::Paragraph(title.into()),
            },
            Block::Table(Table::new(
                &["Colhead", "Value"],
                vec![
                    vec!["Firstrow".into(), "1".into()],
                    vec!["Secondrow".into(), "2".into()],
                ],
            )),
        ]);
        let text = poppler("pdftotext", &["-layout"], &bytes);
        let page = |word: &str| {
            text.split('\u{c}')
                .position(|p| p.contains(word))
                .unwrap_or_else(|| panic!("{word} missing"))
        };
        if heading {
            assert_eq!(page(title), page("Firstrow"), "filler {filler}, {title}");
        }
        assert_eq!(
            page("Colhead"),
            page("Firstrow"),
            "filler {filler}, {title}"
        );
    }
}

#[test]
fn a_charts_long_labels_never_run_into_each_other() {
    let labels: Vec<String> = [
        "Information and knowledge exchange",
        "Expert exchange",
        "Field trip",
        "Staff training",
        "Joint project",
        "Conference",
        "Workshop",
        "Equipment",
    ]
    .map(String::from)
    .to_vec();
    let bytes = render(vec![Block::Chart(Chart {
        title: "Capacity-building activities by type".into(),
        series: vec![Series {
            name: "Activities".into(),
            colour: "#2f855a",
            values: vec![1; labels.len()],
        }],
        labels,
    })]);
    let html = poppler("pdftotext", &["-bbox"], &bytes);
    let number = |word: &str, key: &str| -> f32 {
        let from = word.find(&format!("{key}=\"")).unwrap() + key.len() + 2;
        word[from..].split('"').next().unwrap().parse().unwrap()
    };
    // The labels' words: the lowest line of small text above the footer.
    let words: Vec<(f32, f32, f32, String)> = html
        .split("<word ")
        .skip(1)
        .map(|w| {
            let text = w.split('>').nth(1).unwrap().split('<').next().unwrap();
            let (x0, x1, y1) = (number(w, "xMin"), number(w, "xMax"), number(w, "yMax"));
            (y1, x0, x1, text.to_string())
        })
        .filter(|(y1, ..)| *y1 < 780.0)
        .collect();
    let base = words.iter().map(|w| w.0).fold(0.0, f32::max);
    let mut row: Vec<&(f32, f32, f32, String)> =
        words.iter().filter(|w| (w.0 - base).abs() < 1.0).collect();
    row.sort_by(|a, b| a.1.total_cmp(&b.1));
    assert!(row.len() >= 8, "{row:?}");
    for pair in row.windows(2) {
        assert!(
            pair[0].2 <= pair[1].1,
            "{:?} runs into {:?}",
            pair[0].3,
            pair[1].3
        );
    }
}
