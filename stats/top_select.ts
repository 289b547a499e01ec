/**
 * Selection helpers for ranked lists: the best `k` ids under a comparator, and the k-th
 * smallest value, both without sorting everything. Used off the hot path (snapshots, eviction).
 */

/**
 * The `k` best of `count` candidate ids (`ids(i)` gives the i-th), best first, where
 * `compare(a, b) < 0` means `a` ranks above `b`; candidates that compare equal keep their
 * order (the earlier one ranks above). A bounded heap of the current k best: O(count log k),
 * and most candidates lose to the heap's root, the worst kept, after one comparison.
 */
export function selectTop(
  count: number,
  ids: (i: number) => number,
  k: number,
  compare: (a: number, b: number) => number,
): number[] {
  // The heap holds candidate positions, so ties fall back on the order the ids came in.
  const heap: number[] = [];
  if (k <= 0) return heap;
  const worse = (p: number, q: number) => {
    const c = compare(ids(p), ids(q));
    return c > 0 || (c === 0 && p > q);
  };
  for (let i = 0; i < count; i++) {
    if (heap.length < k) {
      let at = heap.push(i) - 1;
      while (at > 0) {
        const up = (at - 1) >>> 1;
        if (!worse(heap[at]!, heap[up]!)) break;
        [heap[at], heap[up]] = [heap[up]!, heap[at]!];
        at = up;
      }
    } else if (compare(ids(i), ids(heap[0]!)) < 0) {
      // A later candidate that ties the root ranks below it, so only a strict win enters.
      heap[0] = i;
      siftDown(heap, worse);
    }
  }
  heap.sort((p, q) => compare(ids(p), ids(q)) || p - q);
  return heap.map(ids);
}

/**
 * The k-th smallest (0-based) of the first `n` values, found in place by quickselect with a
 * median-of-three pivot (Hoare 1961, "Algorithm 65: Find"). Reorders `values`.
 */
export function kthSmallest(values: Float64Array, n: number, k: number): number {
  if (n <= 0) throw new RangeError("Cannot select from an empty list: n must be positive");
  let lo = 0;
  let hi = n - 1;
  const want = Math.min(Math.max(k, 0), n - 1);
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const a = values[lo]!;
    const b = values[mid]!;
    const c = values[hi]!;
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : (a < c ? a : b < c ? c : b);
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        const t = values[i]!;
        values[i] = values[j]!;
        values[j] = t;
        i++;
        j--;
      }
    }
    if (want <= j) hi = j;
    else if (want >= i) lo = i;
    else return values[want]!;
  }
  return values[want]!;
}

/** Compare strings by code point, as tshark's oracle and Python's `sorted()` do. */
export function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The `k` best of the first `n` ids in `ids`, best first, ranking id `a` above `b` when
 * `sign * (keys[a] - keys[b]) < 0`, then by the smaller id (the order of
 * `sort((a, b) => sign * (keys[a] - keys[b]) || a - b)`): a bounded max-heap of the current
 * k best, O(n log k) instead of sorting all n when a page of a large table is asked for.
 */
export function selectTopByKey(
  ids: Int32Array,
  n: number,
  k: number,
  keys: Float64Array,
  sign: number,
): number[] {
  // `worse(a, b)`: a ranks below b. The heap's root is the worst of the kept ids.
  const worse = (a: number, b: number) => {
    const d = sign * (keys[a]! - keys[b]!);
    return d > 0 || (d === 0 && a > b);
  };
  const heap: number[] = [];
  if (k <= 0) return heap;
  for (let i = 0; i < n; i++) {
    const id = ids[i]!;
    if (heap.length < k) {
      let at = heap.push(id) - 1;
      while (at > 0) {
        const up = (at - 1) >>> 1;
        if (!worse(heap[at]!, heap[up]!)) break;
        [heap[at], heap[up]] = [heap[up]!, heap[at]!];
        at = up;
      }
    } else if (worse(heap[0]!, id)) {
      heap[0] = id;
      siftDown(heap, worse);
    }
  }
  return heap.sort((a, b) => (worse(a, b) ? 1 : worse(b, a) ? -1 : 0));
}

function siftDown(heap: number[], worse: (a: number, b: number) => boolean): void {
  let at = 0;
  for (;;) {
    const l = at * 2 + 1;
    if (l >= heap.length) return;
    const r = l + 1;
    const w = r < heap.length && worse(heap[r]!, heap[l]!) ? r : l;
    if (!worse(heap[w]!, heap[at]!)) return;
    [heap[at], heap[w]] = [heap[w]!, heap[at]!];
    at = w;
  }
}
