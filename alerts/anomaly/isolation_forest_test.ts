import assert from "node:assert/strict";
import { averagePathLength, IsolationForest } from "./isolation_forest.ts";

const MATRIX = new URL("./testdata/iforest_matrix.json", import.meta.url);
const matrix = JSON.parse(Deno.readTextFileSync(MATRIX)) as {
  features: number;
  rows: number[][];
  outlier: number[];
};
const OPTIONS = { trees: 100, subsample: 256, seed: 1 };

/** Ranks with ties sharing their mean rank (as scipy.stats.spearmanr). */
function ranks(values: number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const out = new Array<number>(values.length);
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]![0] === order[i]![0]) j++;
    for (let k = i; k <= j; k++) out[order[k]![1]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return out;
}

function spearman(a: number[], b: number[]): number {
  const ra = ranks(a);
  const rb = ranks(b);
  const mean = (ra.length + 1) / 2;
  let num = 0, da = 0, db = 0;
  for (let i = 0; i < ra.length; i++) {
    num += (ra[i]! - mean) * (rb[i]! - mean);
    da += (ra[i]! - mean) ** 2;
    db += (rb[i]! - mean) ** 2;
  }
  return num / Math.sqrt(da * db);
}

/** ROC AUC: the chance a random outlier scores above a random normal row (ties count half). */
function rocAuc(scores: number[], labels: number[]): number {
  const r = ranks(scores);
  let positives = 0, rankSum = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] === 1) {
      positives++;
      rankSum += r[i]!;
    }
  }
  const negatives = labels.length - positives;
  return (rankSum - positives * (positives + 1) / 2) / (positives * negatives);
}

/** Debian's python3 (where python3-sklearn installs), else the first python3 on PATH. */
function python(): string {
  try {
    Deno.statSync("/usr/bin/python3");
    return "/usr/bin/python3";
  } catch {
    return "python3";
  }
}

const SKLEARN_SCORES = `
import json, sys
import numpy as np
from sklearn.ensemble import IsolationForest
m = json.load(open(sys.argv[1]))
X = np.array(m["rows"], dtype=float)
f = IsolationForest(n_estimators=100, max_samples=256, random_state=0).fit(X)
# score_samples is the opposite of the paper's s(x, psi).
print(json.dumps((-f.score_samples(X)).tolist()))
`;

Deno.test("averagePathLength() is c(n) of the paper, with c(2) = 1 and c(1) = 0", () => {
  assert.equal(averagePathLength(1), 0);
  assert.equal(averagePathLength(2), 1);
  // 2 (ln 255 + 0.5772156649) - 2 * 255 / 256
  assert.ok(Math.abs(averagePathLength(256) - 10.244770920116851) < 1e-9);
});

Deno.test("IsolationForest scores an isolated point near 1 and a dense one below 0.5", () => {
  const rows: number[][] = [];
  for (let i = 0; i < 299; i++) rows.push([(i % 17) / 17, (i % 13) / 13]);
  rows.push([50, 50]);
  const forest = IsolationForest.train(rows, 2, OPTIONS);
  assert.ok(forest.score([50, 50]) > 0.7, `far point ${forest.score([50, 50])}`);
  assert.ok(forest.score([0.5, 0.5]) < 0.5, `dense point ${forest.score([0.5, 0.5])}`);
});

Deno.test("IsolationForest is deterministic for a seed and survives a JSON round trip", () => {
  const a = IsolationForest.train(matrix.rows, matrix.features, OPTIONS);
  const b = IsolationForest.train(matrix.rows, matrix.features, OPTIONS);
  const c = IsolationForest.train(matrix.rows, matrix.features, { ...OPTIONS, seed: 2 });
  assert.deepEqual(a.model, b.model);
  assert.notDeepEqual(a.model, c.model);
  const loaded = new IsolationForest(JSON.parse(JSON.stringify(a.model)));
  for (const row of matrix.rows.slice(0, 50)) assert.equal(loaded.score(row), a.score(row));
  assert.equal(a.model.trees.length, 100);
  assert.equal(a.model.subsample, 256);
});

Deno.test("IsolationForest agrees with scikit-learn and finds the planted outliers", async () => {
  const out = await new Deno.Command(python(), {
    args: ["-c", SKLEARN_SCORES, MATRIX.pathname],
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
  const theirs = JSON.parse(new TextDecoder().decode(out.stdout)) as number[];
  const forest = IsolationForest.train(matrix.rows, matrix.features, OPTIONS);
  const ours = matrix.rows.map((row) => forest.score(row));
  const rho = spearman(ours, theirs);
  const aucOurs = rocAuc(ours, matrix.outlier);
  const aucTheirs = rocAuc(theirs, matrix.outlier);
  console.log(
    `spearman ${rho.toFixed(4)}, ROC AUC ours ${aucOurs.toFixed(4)}, ` +
      `scikit-learn ${aucTheirs.toFixed(4)}`,
  );
  assert.ok(rho >= 0.9, `Spearman rank correlation ${rho} < 0.9`);
  assert.ok(aucOurs >= 0.95, `ROC AUC ${aucOurs} < 0.95`);
});
