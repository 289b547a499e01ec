/**
 * Isolation Forest as Liu, Ting and Zhou define it ("Isolation Forest", ICDM 2008):
 * - each of `trees` iTrees is grown on a subsample of ψ = `subsample` rows drawn without
 *   replacement, to the height limit ceil(log2 ψ); a node picks a feature at random and a split
 *   uniformly between that feature's minimum and maximum in the node (Algorithm 2);
 * - the path length h(x) of a row counts the edges to its leaf plus c(size) for the rows the
 *   leaf still holds (Algorithm 3), with c(n) = 2H(n-1) - 2(n-1)/n the average path length of
 *   an unsuccessful binary-search-tree search, H(i) ≈ ln(i) + 0.5772156649 (Euler's constant),
 *   c(2) = 1 and c(n <= 1) = 0 (for i = 1 the exact H(1) = 1 is used, as scikit-learn does);
 * - the score is s(x, ψ) = 2^(-E(h(x)) / c(ψ)): near 1 anomalous, well below 0.5 normal.
 * One departure, also scikit-learn's: a node picks among the features that still vary in it
 * (a constant feature cannot split); a node where none varies is a leaf.
 *
 * Deterministic for a seed; trees are flat arrays, so a model serialises to JSON as it is.
 */
import { SeededRandom } from "./seeded_random.ts";

const EULER_GAMMA = 0.5772156649;

/** c(n): the average path length of an unsuccessful search in a BST of n nodes. */
export function averagePathLength(n: number): number {
  if (n <= 1) return 0;
  if (n === 2) return 1;
  return 2 * (Math.log(n - 1) + EULER_GAMMA) - (2 * (n - 1)) / n;
}

export interface ForestOptions {
  trees: number;
  subsample: number;
  seed: number;
}

/** One tree, flat: node i splits on `feature[i]` at `split[i]` (-1: a leaf of `size[i]` rows). */
export interface FlatTree {
  feature: number[];
  split: number[];
  left: number[];
  right: number[];
  size: number[];
}

/** A trained model as JSON can hold it. */
export interface ForestModel {
  kind: "isolation-forest";
  features: number;
  subsample: number;
  trees: FlatTree[];
}

export class IsolationForest {
  readonly model: ForestModel;
  readonly #cPsi: number;

  constructor(model: ForestModel) {
    if (model.kind !== "isolation-forest" || model.trees.length === 0) {
      throw new TypeError("Cannot load the anomaly model: not an isolation forest");
    }
    this.model = model;
    this.#cPsi = averagePathLength(model.subsample);
  }

  /** Grow a forest on `rows` (each of `features` numbers). */
  static train(rows: readonly ArrayLike<number>[], features: number, o: ForestOptions) {
    if (rows.length < 2) {
      throw new RangeError("Cannot train the anomaly model on fewer than 2 rows");
    }
    const random = new SeededRandom(o.seed);
    const psi = Math.min(o.subsample, rows.length);
    const heightLimit = Math.ceil(Math.log2(psi));
    const order = rows.map((_, i) => i);
    const trees: FlatTree[] = [];
    for (let t = 0; t < o.trees; t++) {
      // A partial Fisher-Yates shuffle draws ψ rows without replacement.
      for (let i = 0; i < psi; i++) {
        const j = i + random.below(order.length - i);
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
      const tree: FlatTree = { feature: [], split: [], left: [], right: [], size: [] };
      grow(tree, rows, order.slice(0, psi), features, 0, heightLimit, random);
      trees.push(tree);
    }
    return new IsolationForest({ kind: "isolation-forest", features, subsample: psi, trees });
  }

  /** E(h(x)) over the trees. */
  meanPathLength(x: ArrayLike<number>): number {
    let sum = 0;
    for (const tree of this.model.trees) sum += pathLength(tree, x);
    return sum / this.model.trees.length;
  }

  /** s(x, ψ) = 2^(-E(h(x)) / c(ψ)). */
  score(x: ArrayLike<number>): number {
    return Math.pow(2, -this.meanPathLength(x) / this.#cPsi);
  }
}

function grow(
  tree: FlatTree,
  rows: readonly ArrayLike<number>[],
  members: number[],
  features: number,
  depth: number,
  heightLimit: number,
  random: SeededRandom,
): number {
  const node = tree.feature.length;
  tree.feature.push(-1);
  tree.split.push(0);
  tree.left.push(-1);
  tree.right.push(-1);
  tree.size.push(members.length);
  if (depth >= heightLimit || members.length <= 1) return node;
  const varying: number[] = [];
  const mins: number[] = [];
  const maxs: number[] = [];
  for (let q = 0; q < features; q++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (const m of members) {
      const v = rows[m]![q]!;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    if (hi > lo) {
      varying.push(q);
      mins.push(lo);
      maxs.push(hi);
    }
  }
  if (varying.length === 0) return node;
  const pick = random.below(varying.length);
  const q = varying[pick]!;
  const lo = mins[pick]!;
  const hi = maxs[pick]!;
  let p = lo + random.next() * (hi - lo);
  if (p <= lo) p = (lo + hi) / 2; // a split equal to the minimum would isolate nothing
  const left = members.filter((m) => rows[m]![q]! < p);
  const right = members.filter((m) => rows[m]![q]! >= p);
  tree.feature[node] = q;
  tree.split[node] = p;
  tree.left[node] = grow(tree, rows, left, features, depth + 1, heightLimit, random);
  tree.right[node] = grow(tree, rows, right, features, depth + 1, heightLimit, random);
  return node;
}

function pathLength(tree: FlatTree, x: ArrayLike<number>): number {
  let node = 0;
  let edges = 0;
  for (;;) {
    const q = tree.feature[node]!;
    if (q < 0) return edges + averagePathLength(tree.size[node]!);
    node = x[q]! < tree.split[node]! ? tree.left[node]! : tree.right[node]!;
    edges++;
  }
}
