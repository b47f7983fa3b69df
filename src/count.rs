//! Counts in words, as officers read them: "1 case", "2 cases", "100,000 cases". Shared by the
//! window, the command line and the exports, so none of them says "1 cases" or "case(s)".

/// 100,000 cases, not 100000.
pub fn thousands(n: usize) -> String {
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

/// `n` and the noun that goes with it: `count(1, "case", "cases")` is "1 case".
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{} {}", thousands(n), if n == 1 { one } else { many })
}

/// [`count`] of a signed number of days: "1 day", "-1 day", "12 days".
pub fn days(n: i64) -> String {
    format!("{n} {}", if n.abs() == 1 { "day" } else { "days" })
}

/// A size as officers read it: "512 B", "12.3 kB", "4.0 MB", "1.1 GB" (decimal units).
pub fn bytes(n: u64) -> String {
    match n {
        0..1_000 => format!("{n} B"),
        1_000..1_000_000 => format!("{:.1} kB", n as f64 / 1e3),
        1_000_000..1_000_000_000 => format!("{:.1} MB", n as f64 / 1e6),
        _ => format!("{:.1} GB", n as f64 / 1e9),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn sizes_are_written_in_decimal_units() {
        assert_eq!(super::bytes(999), "999 B");
        assert_eq!(super::bytes(12_345), "12.3 kB");
        assert_eq!(super::bytes(4_000_000), "4.0 MB");
        assert_eq!(super::bytes(1 << 30), "1.1 GB");
    }

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

    #[test]
    fn one_is_singular_and_every_other_count_plural() {
        assert_eq!(super::count(1, "case", "cases"), "1 case");
        assert_eq!(super::count(0, "case", "cases"), "0 cases");
        assert_eq!(super::count(2, "person", "people"), "2 people");
        assert_eq!(super::count(1_000, "row", "rows"), "1,000 rows");
        assert_eq!(super::days(1), "1 day");
        assert_eq!(super::days(-1), "-1 day");
        assert_eq!(super::days(0), "0 days");
        assert_eq!(super::days(45), "45 days");
    }
}
