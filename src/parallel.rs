//! Work spread over threads, with results kept in the order of the input.

use std::sync::atomic::{AtomicUsize, Ordering};

/// `f` applied to every item on up to `threads` threads, the caller's among
/// them; the results are in the order of `items`. Each thread takes the next
/// item not yet taken, so a thread the system pauses holds up no other. A
/// panic in `f` is resumed on the caller's thread.
pub fn map<T: Sync, R: Send>(items: &[T], threads: usize, f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = threads.clamp(1, items.len().max(1));
    let next = AtomicUsize::new(0);
    let work = || -> Vec<(usize, R)> {
        std::iter::from_fn(|| {
            let i = next.fetch_add(1, Ordering::Relaxed);
            items.get(i).map(|item| (i, f(item)))
        })
        .collect()
    };
    let work = &work;
    let mut indexed = std::thread::scope(|scope| {
        let workers: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        let mut indexed = work();
        for worker in workers {
            indexed.extend(
                worker
                    .join()
                    .unwrap_or_else(|payload| std::panic::resume_unwind(payload)),
            );
        }
        indexed
    });
    indexed.sort_unstable_by_key(|&(i, _)| i);
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
