//! Self-contained HTML rendering of a [`Doc`]: inline print CSS, inline SVG charts, no external
//! resources. The marking heads and foots the document and, in print, every page.

use super::doc::{Block, Chart, Doc};
use super::printable::printable_doc;
use std::fmt::Write;

const CSS: &str = "body{font-family:'DejaVu Sans',Arial,sans-serif;font-size:10pt;color:#111;\
max-width:60em;margin:2em auto;padding:0 1em}\
.marking{text-align:center;font-weight:bold;letter-spacing:.05em}\
h1{font-size:16pt}h2{font-size:13pt;border-bottom:1px solid #999;margin-top:1.5em}\
h3{font-size:11pt;margin-bottom:.3em}\
table{border-collapse:collapse;width:100%;margin:.3em 0}\
th,td{border:1px solid #bbb;padding:2px 4px;text-align:left;vertical-align:top}\
th{background:#eee}dl{display:grid;grid-template-columns:max-content auto;gap:2px 1em}\
dt{font-weight:bold}dd{margin:0}footer{margin-top:2em;color:#555;font-size:9pt}\
@page{size:A4;margin:18mm 15mm}\
@media print{body{margin:0;max-width:none}.marking.running{position:fixed;left:0;right:0}\
.marking.head{top:0}.marking.foot{bottom:0}section{break-before:page}\
section:first-of-type{break-before:auto}}";

pub fn render(doc: &Doc) -> String {
    let doc = &printable_doc(doc);
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        esc(&doc.title)
    );
    let _ = writeln!(
        out,
        "<div class=\"marking running head\">{}</div>",
        esc(&doc.marking)
    );
    let _ = writeln!(out, "<h1>{}</h1>", esc(&doc.title));
    fields(&mut out, &doc.about);
    for section in &doc.sections {
        let _ = writeln!(out, "<section>\n<h2>{}</h2>", esc(&section.heading));
        for block in &section.blocks {
            match block {
                Block::Heading(h) => {
                    let _ = writeln!(out, "<h3>{}</h3>", esc(h));
                }
                Block::Paragraph(p) => {
                    let _ = writeln!(out, "<p>{}</p>", esc(p));
                }
                Block::Fields(f) => fields(&mut out, f),
                Block::Table(t) => {
                    out.push_str("<table>\n<tr>");
                    for c in &t.columns {
                        let _ = write!(out, "<th>{}</th>", esc(c));
                    }
                    out.push_str("</tr>\n");
                    for row in &t.rows {
                        out.push_str("<tr>");
                        for c in row {
                            let _ = write!(out, "<td>{}</td>", esc(c));
                        }
                        out.push_str("</tr>\n");
                    }
                    out.push_str("</table>\n");
                }
                Block::Chart(chart) => svg(&mut out, chart),
            }
        }
        out.push_str("</section>\n");
    }
    let _ = writeln!(
        out,
        "<footer>{}</footer>\n<div class=\"marking running foot\">{}</div>\n</body>\n</html>",
        esc(&doc.footer),
        esc(&doc.marking)
    );
    out
}

fn fields(out: &mut String, pairs: &[(String, String)]) {
    out.push_str("<dl>\n");
    for (label, value) in pairs {
        let _ = writeln!(out, "<dt>{}</dt><dd>{}</dd>", esc(label), esc(value));
    }
    out.push_str("</dl>\n");
}

/// Grouped bars with a legend and month labels, sized to the page width.
fn svg(out: &mut String, chart: &Chart) {
    let (width, height, left, bottom, top) = (640.0, 220.0, 36.0, 40.0, 24.0);
    let plot_h = height - bottom - top;
    let max = chart.max().max(1) as f64;
    let groups = chart.labels.len().max(1) as f64;
    let group_w = (width - left - 8.0) / groups;
    let bar_w = group_w * 0.8 / chart.series.len().max(1) as f64;
    let _ = writeln!(
        out,
        "<figure><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" \
         width=\"100%\" role=\"img\" aria-label=\"{}\">",
        esc(&chart.title)
    );
    let _ = writeln!(
        out,
        "<text x=\"{left}\" y=\"14\" font-size=\"12\">{}</text>",
        esc(&chart.title)
    );
    for (i, s) in chart.series.iter().enumerate() {
        let x = width - 75.0 * chart.series.len() as f64 + i as f64 * 70.0;
        let _ = writeln!(
            out,
            "<rect x=\"{x}\" y=\"5\" width=\"10\" height=\"10\" fill=\"{}\"/>\
             <text x=\"{}\" y=\"14\" font-size=\"11\">{}</text>",
            s.colour,
            x + 14.0,
            esc(&s.name)
        );
    }
    let base = top + plot_h;
    let _ = writeln!(
        out,
        "<line x1=\"{left}\" y1=\"{base}\" x2=\"{width}\" y2=\"{base}\" stroke=\"#555\"/>\
         <text x=\"{}\" y=\"{}\" font-size=\"10\" text-anchor=\"end\">{}</text>\
         <text x=\"{}\" y=\"{base}\" font-size=\"10\" text-anchor=\"end\">0</text>",
        left - 4.0,
        top + 8.0,
        max,
        left - 4.0
    );
    let every = (chart.labels.len() / 12).max(1);
    for (g, label) in chart.labels.iter().enumerate() {
        let x0 = left + g as f64 * group_w + group_w * 0.1;
        for (i, s) in chart.series.iter().enumerate() {
            let v = s.values.get(g).copied().unwrap_or(0) as f64;
            let h = v / max * plot_h;
            let _ = writeln!(
                out,
                "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{}\">\
                 <title>{} {}: {v}</title></rect>",
                x0 + i as f64 * bar_w,
                base - h,
                bar_w,
                h,
                s.colour,
                esc(&s.name),
                esc(label)
            );
        }
        if g % every == 0 {
            let _ = writeln!(
                out,
                "<text x=\"{:.1}\" y=\"{}\" font-size=\"10\" text-anchor=\"middle\">{}</text>",
                x0 + group_w * 0.4,
                base + 14.0,
                esc(label)
            );
        }
    }
    out.push_str("</svg></figure>\n");
}

fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}
