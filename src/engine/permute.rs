//! Reordering large arrays in place: the engine sorts small keys, then moves the big
//! items (flows, matrix rows) once, instead of sorting the items themselves.

/// The positions of `keys` in a stable order by `keys[i]`, for keys below `buckets`:
/// a counting sort, **O(n + buckets)**. Returns the order and where each key's run starts
/// (`buckets + 1` bounds).
pub(crate) fn counting_order(keys: &[u32], buckets: usize) -> (Vec<u32>, Vec<usize>) {
    let mut starts = vec![0usize; buckets + 1];
    for &k in keys {
        starts[k as usize + 1] += 1;
    }
    for i in 1..starts.len() {
        starts[i] += starts[i - 1];
    }
    let mut next = starts.clone();
    let mut order = vec![0u32; keys.len()];
    for (i, &k) in (0u32..).zip(keys) {
        order[next[k as usize]] = i;
        next[k as usize] += 1;
    }
    (order, starts)
}

/// Reorders `items` so that position `j` holds what was at `order[j]`, by swaps along
/// the permutation's cycles: **O(n)** moves, no copy of the items. `order` must be a
/// permutation of `0..items.len()`; it is left as the identity.
pub(crate) fn permute<T>(items: &mut [T], order: &mut [u32]) {
    for start in 0..order.len() {
        let mut at = start;
        let mut from = order[at] as usize;
        while from != start {
            items.swap(at, from);
            order[at] = at as u32;
            at = from;
            from = order[at] as usize;
        }
        order[at] = at as u32;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counting_order_is_stable_and_permute_applies_it() {
        let keys = [2, 0, 2, 1, 0, 2];
        let (mut order, starts) = counting_order(&keys, 3);
        assert_eq!(order, [1, 4, 3, 0, 2, 5]);
        assert_eq!(starts, [0, 2, 3, 6]);
        let mut items = ['a', 'b', 'c', 'd', 'e', 'f'];
        permute(&mut items, &mut order);
        assert_eq!(items, ['b', 'e', 'd', 'a', 'c', 'f']);
        assert_eq!(order, [0, 1, 2, 3, 4, 5]);
    }
}
