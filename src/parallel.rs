//! Work split over every core, for the passes over every case that a large casebook makes at
//! open and on each keystroke of the register's filter (issue 6: a 2-core laptop).

use std::sync::atomic::{AtomicUsize, Ordering};

/// Parts per core: a core that is done early (its parts were lighter, as a casebook's older,
/// mostly closed cases are, or it was not kept waiting by the system) takes the next part
/// instead of waiting for the other cores to finish theirs.
const PARTS_PER_CORE: usize = 8;

/// `work(first, part)` for consecutive parts of `items`, taken in turn by every core; no part
/// but the last is smaller than `min_part` items (below that a thread costs more than it saves).
/// `first` is the index of the part's first item. The results come back in order. A panic in a
/// part is passed on.
pub fn in_parts<I: Sync, T: Send>(
    items: &[I],
    min_part: usize,
    work: impl Fn(usize, &[I]) -> T + Sync,
) -> Vec<T> {
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    // A whole number of parts per core where the parts allow, so that no core is left with
    // one more to do when the others are done.
    let per_core = (items.len() / (threads * min_part.max(1))).clamp(1, PARTS_PER_CORE);
    let part = items
        .len()
        .div_ceil(threads * per_core)
        .max(min_part)
        .max(1);
    if items.len() <= part {
        return vec![work(0, items)];
    }
    let parts: Vec<&[I]> = items.chunks(part).collect();
    let next = AtomicUsize::new(0);
    let take = || {
        let mut done = Vec::new();
        loop {
            let n = next.fetch_add(1, Ordering::Relaxed);
            let Some(items) = parts.get(n) else {
                return done;
            };
            done.push((n, work(n * part, items)));
        }
    };
    let mut done = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads.min(parts.len()))
            .map(|_| scope.spawn(take))
            .collect();
        let mut done = take();
        for helper in helpers {
            done.append(
                &mut helper
                    .join()
                    .unwrap_or_else(|e| std::panic::resume_unwind(e)),
            );
        }
        done
    });
    done.sort_unstable_by_key(|&(n, _)| n);
    done.into_iter().map(|(_, result)| result).collect()
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
    fn parts_finished_out_of_order_come_back_in_order() {
        // The first parts take longest, so with more than one core the later ones finish first.
        let items: Vec<usize> = (0..64).collect();
        let parts = in_parts(&items, 4, |first, part| {
            std::thread::sleep(std::time::Duration::from_millis((64 - first as u64) / 4));
            (first, part.to_vec())
        });
        assert!(parts.len() > 1);
        for (first, part) in &parts {
            assert_eq!(part[0], *first);
        }
        let joined: Vec<usize> = parts.into_iter().flat_map(|(_, part)| part).collect();
        assert_eq!(joined, items);
    }

    #[test]
    fn join_gives_both_results_in_their_places() {
        let items: Vec<u64> = (1..=100).collect();
        let (sum, count) = join(|| items.iter().sum::<u64>(), || items.len());
        assert_eq!((sum, count), (5050, 100));
    }
}
