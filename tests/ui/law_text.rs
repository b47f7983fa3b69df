//! An offence's text of the law in the case editor (issue 21): several lines typed under the
//! offence's provision, committed as one edit of the case's details when the field is left.

use super::editor::{case, details_tab, retype};
use casedesk::domain::EventKind;
use egui_kittest::kittest::Queryable;

#[test]
fn the_text_of_the_law_is_typed_under_the_offence_and_recorded_as_an_edit() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = details_tab(dir.path());
    h.get_by_label("Add offence").click_accesskit();
    h.run_steps(2);
    retype(&mut h, "Description", "Murder");
    retype(&mut h, "Statute reference", "PPC s.302");
    let wording = "Whoever commits qatl-i-amd shall be\n(a) punished with death as qisas;";
    retype(&mut h, "Text of the law", wording);
    let offence = &case(&h).details.offences[0];
    assert_eq!(offence.law_text, wording);
    let EventKind::Edited { changes, .. } = &case(&h).history().last().unwrap().kind else {
        panic!("no edit recorded")
    };
    assert_eq!(changes.len(), 1, "{changes:?}");
    assert!(changes[0].field.ends_with(": Law text"), "{changes:?}");
    assert_eq!(
        (changes[0].old.as_str(), changes[0].new.as_str()),
        ("", wording)
    );
    assert_eq!(
        h.get_by_label("Text of the law").value().as_deref(),
        Some(wording)
    );
}
