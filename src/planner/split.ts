// Two questions in one message: "revenue last quarter; win rate this year", "how close are we to
// Gold and which certs expire soon?". A message splits at a hard break (";", a new line, a question
// mark with more after it) and at "and", "also", "plus" when what follows starts a question of
// its own ("… and which certs expire"). Whether a soft split holds is the planner's call: both
// halves must read as questions (see rules.ts).

export interface Split {
  parts: string[];
  /** Split only at hard breaks: each part stands as written. */
  hard: boolean;
}

const MAX_PARTS = 3;
// A full stop starts a new question only before a question word or a request; "…closes... does
// that get us gold?" is one question.
const HARD =
  /\s*(?:;|\n+|\?+(?=\s*\S)|(?:^|\s)\(?\d\)\s+|(?<![.\d])\.(?!\.)\s+(?=(?:also|and|plus|then|btw|oh and)\b|(?:what|which|who|how|when|where|why|show|list|give|tell|rank|compare|pull)\b))\s*/i;
/** Words that open a question of its own; "would that…", "does it…" continue the one before. */
const QUESTION_START =
  /^(?:what|what's|whats|which|who|who's|whos|how|hows|how's|when|where|wheres|why|show|list|give|tell|send|rank|compare|any|pull|get|explain|remind|stop|subscribe|unsubscribe|alert|notify|check|find|sort|break\s+down|(?:is|are|do|does|did|can|could|will|should)\s+(?!(?:that|it|this|those|these|they)\b))\b/i;
const SOFT = /\s*(?:,\s*(?:and|also|plus|then|oh and|btw)\s+(?:also\s+)?|\s+(?:and\s+also|and\s+then|oh and|btw|and|also|plus|as well as|\+)\s+|\s+&\s+(?=(?:their|its|our|the|his|her|what|which|who|how|when|why|show|list)\b)|,\s*(?=(?:which|who|who's|whos|what|what's|whats|how|when|where|why|our|my|the|their|top|bottom)\b))/gi;

const hasLetters = (s: string): boolean => /\p{L}/u.test(s);

/** The message cut at its hard breaks. */
export function hardParts(text: string): string[] {
  return text
    .split(HARD)
    .map((p) => p.trim())
    .filter(hasLetters);
}

export interface SoftSplit {
  left: string;
  right: string;
  /** A bare comma ("our expired regs, our rejected regs") splits only two clear questions. */
  joiner: 'word' | 'comma';
}

/**
 * Where the message may split softly: the text before and after each "and"/"also"/"plus"/","
 * Earliest first.
 */
export function softSplits(text: string): SoftSplit[] {
  const out: SoftSplit[] = [];
  for (const m of text.matchAll(SOFT)) {
    const left = text.slice(0, m.index).trim();
    const right = text.slice(m.index + m[0].length).trim();
    if (!hasLetters(left) || !hasLetters(right)) continue;
    out.push({ left, right, joiner: /^\s*,\s*$/.test(m[0]) ? 'comma' : 'word' });
  }
  return out;
}

/** Whether the words after a soft break start a question of their own. */
export const startsQuestion = (right: string): boolean => QUESTION_START.test(right);

export function hardSplit(text: string): Split {
  const parts = hardParts(text);
  return { parts: parts.length > MAX_PARTS ? [...parts.slice(0, MAX_PARTS - 1), parts.slice(MAX_PARTS - 1).join(' ')] : parts, hard: true };
}

export { MAX_PARTS };
