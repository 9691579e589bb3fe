//! Work spread over threads, with results kept in the order of the input.

/// The threads worth starting here: the cores this process may use, at most `max`.
pub fn threads(max: usize) -> usize {
    std::thread::available_parallelism()
        .map_or(1, usize::from)
        .clamp(1, max.max(1))
}

/// `f` applied to every item on up to `threads` threads, the caller's among
/// them; the results are in the order of `items`. A panic in `f` is resumed
/// on the caller's thread.
pub fn map<T: Sync, R: Send>(items: &[T], threads: usize, f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = threads.clamp(1, items.len().max(1));
    let share = |t: usize| -> Vec<(usize, R)> {
        items
            .iter()
            .enumerate()
            .skip(t)
            .step_by(threads)
            .map(|(i, item)| (i, f(item)))
            .collect()
    };
    let share = &share;
    let mut indexed = std::thread::scope(|scope| {
        let workers: Vec<_> = (1..threads)
            .map(|t| scope.spawn(move || share(t)))
            .collect();
        let mut indexed = share(0);
        for worker in workers {
            indexed.extend(
                worker
                    .join()
                    .unwrap_or_else(|payload| std::panic::resume_unwind(payload)),
            );
        }
        indexed
    });
    indexed.sort_by_key(|&(i, _)| i);
    indexed.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_order_of_the_input() {
        let items: Vec<u32> = (0..100).collect();
        for threads in [1, 2, 3, 8, 200] {
            assert_eq!(
                map(&items, threads, |&x| x * 2),
                (0..100).map(|x| x * 2).collect::<Vec<_>>()
            );
        }
        assert!(map(&[] as &[u32], 4, |&x| x).is_empty());
    }
}
