// The check behind "text is never cut inside a word": a piece of drawn text that comes from a
// label (it appears in one) must start and end where the label's words do (Intl.Segmenter's
// boundaries, so Chinese and Japanese words count too). Text that is no label (a figure, an axis
// tick) is not judged.

const segmenter = new Intl.Segmenter('en', { granularity: 'word' });

function boundaries(label: string): Set<number> {
  const at = new Set<number>([label.length]);
  for (const s of segmenter.segment(label)) at.add(s.index);
  return at;
}

/** The drawn texts that are part of a label but begin or end inside one of its words. */
export function cutsInsideWord(drawn: string | string[], labels: string[]): string[] {
  const bad: string[] = [];
  for (const text of Array.isArray(drawn) ? drawn : [drawn]) {
    const core = text.replace(/…$/, '').trim();
    if ([...core].length < 2) continue;
    let found = false;
    let clean = false;
    for (const label of labels) {
      const b = boundaries(label);
      for (let i = label.indexOf(core); i >= 0; i = label.indexOf(core, i + 1)) {
        found = true;
        if (b.has(i) && b.has(i + core.length)) clean = true;
      }
    }
    if (found && !clean) bad.push(text);
  }
  return bad;
}
