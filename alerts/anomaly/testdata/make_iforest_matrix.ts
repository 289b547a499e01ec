/**
 * Writes `iforest_matrix.json`, the committed feature matrix that the Isolation Forest is
 * compared with scikit-learn on: 1,000 normal host rows in two clusters (busy servers, quiet
 * clients) over the eight features of `host_features.ts`, and 20 planted outliers (scanners,
 * flooders, tunnels: a few features far out of their cluster's range), shuffled.
 *
 *   deno run --allow-write alerts/anomaly/testdata/make_iforest_matrix.ts
 */
import { SeededRandom } from "../seeded_random.ts";

const NORMAL_ROWS = 1000;
const OUTLIER_ROWS = 20;
const FEATURES = 8;

/** Standard normal by Box-Muller. */
function gaussian(r: SeededRandom): number {
  const u = 1 - r.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.next());
}

export function makeMatrix(seed = 7): { rows: number[][]; outlier: number[] } {
  const r = new SeededRandom(seed);
  const clusters = [
    { mean: [4, 11, 2, 1.5, 0.05, 0.6, 0.5, 0.02], sd: [0.6, 0.7, 0.4, 0.3, 0.03, 0.1, 0.3, 0.01] },
    {
      mean: [1.5, 7, 1, 0.7, 0.2, 0.25, 0.3, 0.05],
      sd: [0.4, 0.5, 0.3, 0.2, 0.05, 0.05, 0.2, 0.02],
    },
  ];
  const rows: { row: number[]; outlier: number }[] = [];
  for (let i = 0; i < NORMAL_ROWS; i++) {
    const c = clusters[i % 2]!;
    const row = c.mean.map((m, f) => Math.max(0, m + c.sd[f]! * gaussian(r)));
    rows.push({ row, outlier: 0 });
  }
  for (let i = 0; i < OUTLIER_ROWS; i++) {
    const c = clusters[i % 2]!;
    const row = c.mean.map((m, f) => Math.max(0, m + c.sd[f]! * gaussian(r)));
    // Two or three features pushed 6-10 spreads out: a scanner's ports and SYN ratio, a
    // flooder's rate and size, a tunnel's DNS rate.
    const pushed = 2 + r.below(2);
    for (let k = 0; k < pushed; k++) {
      const f = r.below(FEATURES);
      row[f] = c.mean[f]! + c.sd[f]! * (6 + 4 * r.next()) * (r.next() < 0.8 ? 1 : -1);
    }
    rows.push({ row, outlier: 1 });
  }
  for (let i = rows.length - 1; i > 0; i--) {
    const j = r.below(i + 1);
    [rows[i], rows[j]] = [rows[j]!, rows[i]!];
  }
  const round = (v: number) => Math.round(v * 1e4) / 1e4;
  return {
    rows: rows.map((x) => x.row.map(round)),
    outlier: rows.map((x) => x.outlier),
  };
}

if (import.meta.main) {
  const out = new URL("./iforest_matrix.json", import.meta.url);
  Deno.writeTextFileSync(out, JSON.stringify({ features: FEATURES, ...makeMatrix() }) + "\n");
}
