//! The editor's "Outcomes" section: an asset recorded with an exact amount and an ISO currency,
//! committed as one edit (an `Edited` event with old and new values); an amount that cannot be
//! read exactly is marked at its field and never committed.

use super::editor::{case, details_tab, retype};
use casedesk::domain::{AssetAction, EventKind};
use egui_kittest::kittest::Queryable;

#[test]
fn an_asset_is_recorded_exactly_and_an_ambiguous_amount_is_refused_at_its_field() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = details_tab(dir.path());
    h.get_by_label("Outcomes").click_accesskit();
    h.run_steps(2);
    h.get_by_label("Add asset").click_accesskit();
    h.run_steps(2);
    retype(&mut h, "Amount", "1,250,000.50");
    retype(&mut h, "Currency", "pkr");
    let assets = &case(&h).details.outcomes.assets;
    assert_eq!(assets.len(), 1);
    assert_eq!(assets[0].action, AssetAction::Restrained);
    assert_eq!(assets[0].amount.to_string(), "1250000.50");
    assert_eq!(assets[0].currency.code(), "PKR");
    let Some(EventKind::Edited { changes, .. }) = case(&h).history().last().map(|e| &e.kind) else {
        panic!("the last edit is an Edited event");
    };
    assert!(
        changes
            .iter()
            .any(|c| c.field.starts_with("Assets (Restrained 1,250,000.50")
                && c.field.ends_with("Currency")
                && (c.old.as_str(), c.new.as_str()) == ("GBP", "PKR")),
        "{changes:?}"
    );
    // A European "1.250,50" could be misread by a factor of a thousand: refused, not committed.
    retype(&mut h, "Amount", "1.250,50");
    h.get_by_label_contains("is not an amount");
    assert_eq!(
        case(&h).details.outcomes.assets[0].amount.to_string(),
        "1250000.50"
    );
    retype(&mut h, "Currency", "Rs");
    h.get_by_label_contains("is not an ISO 4217 currency code");
    assert_eq!(case(&h).details.outcomes.assets[0].currency.code(), "PKR");
}
