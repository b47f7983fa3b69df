//! `casedesk man [SUBCOMMAND]`: a manual page (roff), written from the parser's own
//! definition: `casedesk(1)` lists the subcommands, `casedesk-<subcommand>(1)` gives one's
//! arguments and examples, as git and cargo do.

use super::Cli;
use anyhow::{Result, bail};
use clap::CommandFactory;
use std::io::Write;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The subcommand whose page to write (e.g. transition); the overview when left out.
    pub subcommand: Option<String>,
}

pub fn run(Args { subcommand }: Args, out: &mut impl Write) -> Result<ExitCode> {
    let casedesk = Cli::command();
    let mut page = Vec::new();
    match subcommand {
        None => {
            let man = clap_mangen::Man::new(casedesk);
            man.render_title(&mut page)?;
            man.render_name_section(&mut page)?;
            man.render_synopsis_section(&mut page)?;
            man.render_description_section(&mut page)?;
            man.render_subcommands_section(&mut page)?;
            man.render_version_section(&mut page)?;
        }
        Some(name) => {
            let Some(sub) = casedesk.find_subcommand(&name) else {
                let known: Vec<_> = casedesk.get_subcommands().map(|s| s.get_name()).collect();
                bail!(
                    "casedesk has no subcommand {name}; it has {}",
                    known.join(", ")
                );
            };
            let examples = examples(sub);
            let sub = sub
                .clone()
                .bin_name(format!("casedesk {name}"))
                .display_name(format!("casedesk-{name}"));
            let man = clap_mangen::Man::new(sub);
            man.render_title(&mut page)?;
            man.render_name_section(&mut page)?;
            man.render_synopsis_section(&mut page)?;
            man.render_description_section(&mut page)?;
            man.render_options_section(&mut page)?;
            page.extend_from_slice(examples.as_bytes());
        }
    }
    out.write_all(&page)?;
    Ok(ExitCode::SUCCESS)
}

/// The subcommand's examples (its `after_help`) as an EXAMPLES section, set line for line,
/// with `-` written as roff's minus so a copied command line keeps its ASCII hyphens.
fn examples(sub: &clap::Command) -> String {
    let text = sub
        .get_after_help()
        .map(|h| h.to_string())
        .unwrap_or_default();
    let lines: Vec<_> = text
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("casedesk "))
        .collect();
    if lines.is_empty() {
        return String::new();
    }
    let mut roff = String::from(".SH EXAMPLES\n.nf\n");
    for line in lines {
        roff.push_str(&line.replace('\\', "\\e").replace('-', "\\-"));
        roff.push('\n');
    }
    roff.push_str(".fi\n");
    roff
}
