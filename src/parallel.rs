//! Work split over every core, for the passes over every case that a large casebook makes at
//! open and on each keystroke of the register's filter (issue 6: a 2-core laptop).

/// `work(first, part)` for consecutive parts of `items`, one part per core but none smaller
/// than `min_part` items (below that a thread costs more than it saves); `first` is the index of
/// the part's first item. The results come back in order. A panic in a part is passed on.
pub fn in_parts<I: Sync, T: Send>(
    items: &[I],
    min_part: usize,
    work: impl Fn(usize, &[I]) -> T + Sync,
) -> Vec<T> {
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let part = items.len().div_ceil(threads).max(min_part).max(1);
    if items.len() <= part {
        return vec![work(0, items)];
    }
    let work = &work;
    std::thread::scope(|scope| {
        let parts: Vec<_> = (0..)
            .zip(items.chunks(part))
            .map(|(n, items)| scope.spawn(move || work(n * part, items)))
            .collect();
        parts
            .into_iter()
            .map(|p| p.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

/// `f` of every item, in order, worked out on every core.
pub fn map<I: Sync, T: Send>(items: &[I], f: impl Fn(&I) -> T + Sync) -> Vec<T> {
    in_parts(items, 1, |_, part| part.iter().map(&f).collect::<Vec<T>>())
        .into_iter()
        .flatten()
        .collect()
}

/// `a()` and `b()` side by side, `b` on this thread (one after the other on a single core).
/// A panic in either is passed on.
pub fn join<A: Send, B>(a: impl FnOnce() -> A + Send, b: impl FnOnce() -> B) -> (A, B) {
    if std::thread::available_parallelism().map_or(1, usize::from) < 2 {
        let a = a();
        return (a, b());
    }
    std::thread::scope(|scope| {
        let a = scope.spawn(a);
        let b = b();
        (a.join().unwrap_or_else(|e| std::panic::resume_unwind(e)), b)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_cover_every_item_once_in_order() {
        let items: Vec<usize> = (0..1001).collect();
        for min_part in [1, 7, 500, 2000] {
            let parts = in_parts(&items, min_part, |first, part| {
                assert_eq!(part[0], first);
                part.to_vec()
            });
            assert_eq!(parts.concat(), items);
        }
        assert_eq!(map(&items, |n| n * 2)[1000], 2000);
        assert_eq!(in_parts(&[] as &[u8], 1, |_, p| p.len()), [0]);
    }

    #[test]
    fn join_gives_both_results_in_their_places() {
        let items: Vec<u64> = (1..=100).collect();
        let (sum, count) = join(|| items.iter().sum::<u64>(), || items.len());
        assert_eq!((sum, count), (5050, 100));
    }
}
