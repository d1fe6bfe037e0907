// Similarity to the intents' example utterances: tf-idf over stems and slot placeholders,
// cosine, best example per intent. Small and deterministic; no model, no network.

export interface Doc {
  intent: string;
  features: readonly string[];
}

const UNSEEN_WEIGHT = 0.5;

interface Vector {
  weights: Map<string, number>;
  norm: number;
}

export interface ExampleIndex {
  /** Per intent, the cosine similarity (0–1) of the closest example. */
  similarities: (features: readonly string[]) => Map<string, number>;
}

export function buildExampleIndex(docs: readonly Doc[]): ExampleIndex {
  const df = new Map<string, number>();
  for (const d of docs) for (const f of new Set(d.features)) df.set(f, (df.get(f) ?? 0) + 1);
  const n = docs.length;
  const idf = (f: string): number => Math.log((n + 1) / ((df.get(f) ?? 0) + 1)) + 1;

  const vectorOf = (features: readonly string[]): Vector => {
    const tf = new Map<string, number>();
    for (const f of features) tf.set(f, (tf.get(f) ?? 0) + 1);
    const weights = new Map<string, number>();
    let sq = 0;
    for (const [f, c] of tf) {
      // A word no example uses is no evidence for any intent, but it does say the question is
      // about something else too; it counts in the length at half weight.
      const w = (1 + Math.log(c)) * (df.has(f) ? idf(f) : UNSEEN_WEIGHT * idf(f));
      weights.set(f, w);
      sq += w * w;
    }
    return { weights, norm: Math.sqrt(sq) };
  };

  const vectors = docs.map((d) => ({ intent: d.intent, v: vectorOf(d.features) }));
  return {
    similarities(features) {
      const q = vectorOf(features);
      const out = new Map<string, number>();
      if (q.norm === 0) return out;
      for (const { intent, v } of vectors) {
        let dot = 0;
        for (const [f, w] of q.weights) dot += w * (v.weights.get(f) ?? 0);
        const cos = v.norm === 0 ? 0 : dot / (q.norm * v.norm);
        if (cos > (out.get(intent) ?? 0)) out.set(intent, cos);
      }
      return out;
    },
  };
}
