//! Median and 90th percentile of whole days, by the nearest-rank method.
//!
//! The P-th percentile of n values sorted ascending is the value at rank ⌈P × n / 100⌉ (1 for
//! the smallest). Why this method: a processing time is a whole number of days, and nearest
//! rank always answers with a time some request actually took, never an interpolated "37.5
//! days" nobody waited; it needs no rounding rule, and an officer can check it by hand from a
//! sorted list. With an even count the median is the lower of the two middle values. No values
//! give no percentile (shown "—"), never a division by zero. `docs/review-figures.md` says the
//! same for readers of the report.

/// The nearest-rank `p`-th percentile (0 < p ≤ 100) of `sorted` (ascending); `None` when empty.
pub fn nearest_rank(sorted: &[i64], p: u32) -> Option<i64> {
    let n = sorted.len();
    if n == 0 {
        return None;
    }
    // ⌈p·n/100⌉ in integers, at least 1.
    let rank = (p as usize * n).div_ceil(100).max(1);
    sorted.get(rank.min(n) - 1).copied()
}

/// Median and 90th percentile of `days` (any order).
pub fn median_and_p90(days: &mut [i64]) -> (Option<i64>, Option<i64>) {
    days.sort_unstable();
    (nearest_rank(days, 50), nearest_rank(days, 90))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_picks_an_observed_value() {
        assert_eq!(nearest_rank(&[], 50), None);
        assert_eq!(nearest_rank(&[7], 50), Some(7));
        assert_eq!(nearest_rank(&[7], 90), Some(7));
        // Even count: the lower middle value.
        assert_eq!(nearest_rank(&[1, 2, 3, 4], 50), Some(2));
        // 10 values: the 90th percentile is the 9th.
        let ten: Vec<i64> = (1..=10).collect();
        assert_eq!(nearest_rank(&ten, 90), Some(9));
        // 11 values: ⌈9.9⌉ = 10th.
        let eleven: Vec<i64> = (1..=11).collect();
        assert_eq!(nearest_rank(&eleven, 90), Some(10));
        assert_eq!(nearest_rank(&eleven, 50), Some(6));
        assert_eq!(median_and_p90(&mut [0, 30, 5]), (Some(5), Some(30)));
    }
}
