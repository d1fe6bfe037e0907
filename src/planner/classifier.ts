// Which intent a question's words point at, learned from the intents' example messages: a
// multinomial logistic regression over stems, word pairs and slot placeholders. Small (a weight
// per feature and intent), trained in a few tens of milliseconds when the planner is built, and
// deterministic: the same examples give the same weights, in the same order, on every machine.
// A word no example used weighs nothing, so a long message is not diluted by its small talk.

export interface TrainingDoc {
  label: string;
  features: readonly string[];
}

export interface Classifier {
  readonly labels: readonly string[];
  /** Probability of each label, and how many of the question's features the model knows. */
  predict(features: readonly string[]): { probabilities: Map<string, number>; known: number };
  /** The learned weight of a feature for a label (0 when unseen). */
  weight(feature: string, label: string): number;
  /** Whether some example had this feature. */
  knows(feature: string): boolean;
}

export interface TrainOptions {
  epochs?: number;
  /** L2 penalty per step; keeps rare words from deciding alone. */
  l2?: number;
  rate?: number;
}

/** A deterministic shuffle (xorshift), so training does not depend on the order examples are listed. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    const j = (s >>> 0) % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

export function trainClassifier(docs: readonly TrainingDoc[], opts: TrainOptions = {}): Classifier {
  const epochs = opts.epochs ?? 40;
  const l2 = opts.l2 ?? 1e-4;
  const rate = opts.rate ?? 0.5;
  const labels = [...new Set(docs.map((d) => d.label))].sort();
  const labelIndex = new Map(labels.map((l, i) => [l, i] as const));
  const featureIndex = new Map<string, number>();
  const encoded = docs.map((d) => {
    const ids = new Set<number>();
    for (const f of d.features) {
      let id = featureIndex.get(f);
      if (id === undefined) {
        id = featureIndex.size;
        featureIndex.set(f, id);
      }
      ids.add(id);
    }
    return { y: labelIndex.get(d.label) ?? 0, x: [...ids] };
  });
  const K = labels.length;
  const F = featureIndex.size;
  // Row-major: weights[f * K + k]; the bias is the last row.
  const weights = new Float64Array((F + 1) * K);
  // AdaGrad: frequent features settle, rare ones still learn.
  const squares = new Float64Array((F + 1) * K).fill(1e-8);
  const scores = new Float64Array(K);

  const forward = (x: readonly number[]): void => {
    for (let k = 0; k < K; k++) scores[k] = weights[F * K + k] ?? 0;
    for (const f of x) for (let k = 0; k < K; k++) scores[k] = (scores[k] ?? 0) + (weights[f * K + k] ?? 0);
    let max = -Infinity;
    for (let k = 0; k < K; k++) max = Math.max(max, scores[k] ?? 0);
    let sum = 0;
    for (let k = 0; k < K; k++) {
      const e = Math.exp((scores[k] ?? 0) - max);
      scores[k] = e;
      sum += e;
    }
    for (let k = 0; k < K; k++) scores[k] = (scores[k] ?? 0) / sum;
  };

  const step = (row: number, k: number, grad: number): void => {
    const i = row * K + k;
    const g = grad + l2 * (weights[i] ?? 0);
    squares[i] = (squares[i] ?? 0) + g * g;
    weights[i] = (weights[i] ?? 0) - (rate * g) / Math.sqrt(squares[i] ?? 1);
  };

  for (let epoch = 0; epoch < epochs; epoch++) {
    for (const doc of shuffled(encoded, epoch + 1)) {
      forward(doc.x);
      for (let k = 0; k < K; k++) {
        const grad = (scores[k] ?? 0) - (k === doc.y ? 1 : 0);
        if (Math.abs(grad) < 1e-6) continue;
        step(F, k, grad);
        for (const f of doc.x) step(f, k, grad);
      }
    }
  }

  return {
    labels,
    predict(features) {
      const x: number[] = [];
      for (const f of new Set(features)) {
        const id = featureIndex.get(f);
        if (id !== undefined) x.push(id);
      }
      forward(x);
      const probabilities = new Map<string, number>();
      labels.forEach((l, k) => probabilities.set(l, scores[k] ?? 0));
      return { probabilities, known: x.length };
    },
    knows: (feature) => featureIndex.has(feature),
    weight(feature, label) {
      const f = featureIndex.get(feature);
      const k = labelIndex.get(label);
      return f === undefined || k === undefined ? 0 : (weights[f * K + k] ?? 0);
    },
  };
}
