//! The window's CSV import refuses a file whose layout is broken, naming the file, the row and
//! the column, and imports nothing of it.

use super::transfers::open_file_menu_item;
use super::*;
use egui_kittest::kittest::Queryable;

#[test]
fn a_csv_with_a_quote_left_open_is_refused_whole_with_its_row_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let csv = "reference,kind,direction,status,opened,summary\n\
               MO-2025-0001,MLA,Outgoing,TRANSMITTED,2025-02-01,Summary 1\n\
               MO-2025-0002,MLA,Outgoing,TRANSMITTED,2025-02-01,\"Summary 2\n\
               MO-2025-0003,MLA,Outgoing,TRANSMITTED,2025-02-01,Summary 3\n";
    std::fs::write(dir.path().join("register.csv"), csv).unwrap();
    let (_, mut h) = window_on(dir.path(), &Casebook::default());

    open_file_menu_item(&mut h, "Import from spreadsheet (CSV)…");
    type_into(&mut h, "Path", "register.csv");
    h.get_by_label("OK").click();
    h.run_steps(4);
    finish_transfer(&mut h);

    h.get_by_label_contains(
        "register.csv: Row 2 (line 3), column summary: a quote opens this value",
    );
    assert!(h.query_by_label("Import from register.csv").is_none());
    assert_eq!(h.state().casebook().unwrap().cases().len(), 0);
}
