/**
 * Anomaly scoring of hosts: every host window, the busiest hosts' feature rows are scored by
 * the current Isolation Forest (`anomaly` alerts above the threshold, explained by the features
 * furthest from normal) and kept as training rows. After `warmupWindows` windows a first model
 * is trained, then a new one every `retrainEveryWindows`, on the newest `maxRows` rows.
 * Training runs when a window closes, on the main thread's once-a-second tick: never per packet.
 * The model (forest and feature profile) serialises to JSON, so a store can keep it and a
 * restart need not learn from zero.
 */
import type { AlertOptions } from "../alert_options.ts";
import { hostSubject, type Report } from "../finding.ts";
import { explain, type FeatureProfile, profileOf } from "./feature_explainer.ts";
import { FEATURES } from "./host_features.ts";
import type { HostRow } from "./host_rows.ts";
import { type ForestModel, IsolationForest } from "./isolation_forest.ts";

/** A host needs this many packets in a window to be scored: a few packets say nothing. */
const MIN_SCORED_PACKETS = 10;

export interface AnomalyModel {
  forest: ForestModel;
  profile: FeatureProfile;
  /** Clock time it was trained, and on how many rows. */
  trainedMs: number;
  rows: number;
}

export class AnomalyDetector {
  readonly #o: AlertOptions["anomaly"];
  #rows: Float64Array[] = [];
  #forest: IsolationForest | null = null;
  #model: AnomalyModel | null = null;
  #windows = 0;
  #trainedAt = -1;
  /** Models trained so far in this run. */
  trainings = 0;

  constructor(options: AlertOptions["anomaly"]) {
    this.#o = options;
  }

  /** The current model, for a store to keep (null before the first training). */
  model(): AnomalyModel | null {
    return this.#model;
  }

  /** Start from a kept model (throws TypeError for something that is not one). */
  load(model: AnomalyModel): void {
    this.#forest = new IsolationForest(model.forest);
    if (model.forest.features !== FEATURES) {
      throw new TypeError("Cannot load the anomaly model: it was trained on other features");
    }
    this.#model = model;
    this.#trainedAt = this.#windows;
  }

  /** A host window closed: score its busiest hosts' rows, keep them, train when due. */
  window(rows: readonly HostRow[], nowMs: number, report: Report): void {
    const o = this.#o;
    for (const r of rows) {
      if (r.packets < MIN_SCORED_PACKETS) continue;
      if (this.#forest && this.#model) this.#score(r.host, r.features, nowMs, report);
      this.#rows.push(r.features);
    }
    if (this.#rows.length > o.maxRows) this.#rows.splice(0, this.#rows.length - o.maxRows);
    this.#windows++;
    const due = this.#forest === null
      ? this.#windows >= o.warmupWindows
      : this.#windows - this.#trainedAt >= o.retrainEveryWindows;
    if (due && this.#rows.length >= 2) this.#train(nowMs);
  }

  #score(host: string, row: Float64Array, nowMs: number, report: Report): void {
    const score = this.#forest!.score(row);
    if (score < this.#o.threshold) return;
    const why = explain(row, this.#model!.profile);
    if (Math.abs(why[0]?.spreads ?? 0) < this.#o.minSpreads) return;
    const words = why.map((d) =>
      `${d.feature} ${d.spreads >= 0 ? "+" : ""}${d.spreads.toFixed(1)} spreads`
    );
    report({
      rule: "anomaly",
      severity: "info",
      origin: "anomaly",
      subject: hostSubject(host),
      message: `${host} behaves unlike the hosts learned (score ${score.toFixed(2)}): ` +
        words.join(", "),
      evidence: {
        score: Math.round(score * 1000) / 1000,
        threshold: this.#o.threshold,
        features: why.map((d) => d.feature),
        values: why.map((d) => Math.round(d.value * 1000) / 1000),
        medians: why.map((d) => Math.round(d.median * 1000) / 1000),
        spreads: why.map((d) => Math.round(d.spreads * 10) / 10),
      },
      timeMs: nowMs,
    });
  }

  #train(nowMs: number): void {
    const o = this.#o;
    this.#forest = IsolationForest.train(this.#rows, FEATURES, {
      trees: o.trees,
      subsample: o.subsample,
      seed: o.seed,
    });
    this.#model = {
      forest: this.#forest.model,
      profile: profileOf(this.#rows, FEATURES),
      trainedMs: nowMs,
      rows: this.#rows.length,
    };
    this.#trainedAt = this.#windows;
    this.trainings++;
  }
}
