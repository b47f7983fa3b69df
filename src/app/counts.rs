//! Counts as officers read them.

use crate::domain::Casebook;

/// 100,000 cases, not 100000.
pub(crate) fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// "312 cases, 540 people" for dialogs about whole casebooks.
pub fn describe(book: &Casebook) -> String {
    format!(
        "{} cases, {} people",
        thousands(book.cases().len()),
        thousands(book.people().len())
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn counts_are_written_with_thousands_separators() {
        let cases = [
            (0, "0"),
            (999, "999"),
            (1_000, "1,000"),
            (100_000, "100,000"),
        ];
        for (n, text) in cases {
            assert_eq!(super::thousands(n), text);
        }
        assert_eq!(super::thousands(1_234_567), "1,234,567");
    }
}
