import { parseTargetDate } from '../../insights/target-date.ts';

// "can we make Gold by end of Q1?": the deadline a forecast is asked against. Found after a word
// that introduces one (by, before, until, …) as the longest run of words that reads as a date.

const LEAD = /\b(?:by|before|until|till|thru|through|ahead of|in time for)\s+/g;
const END = /\b(?:(?:the\s+)?end|close) of\b/g;
const MAX_WORDS = 7;

export interface DeadlineSlot {
  /** The words as written ("end of Q1"); the intent parses them again. */
  phrase: string;
  /** Character range of the phrase and its lead word in the text. */
  start: number;
  end: number;
}

function longestDate(rest: string, today: string): string | undefined {
  const words = rest.split(/\s+/).filter((w) => w !== '');
  for (let n = Math.min(MAX_WORDS, words.length); n >= 1; n--) {
    const phrase = words.slice(0, n).join(' ').replace(/[?.!,;:]+$/, '');
    if (phrase === '') continue;
    const r = parseTargetDate(phrase, today);
    // A date in the past or too far ahead is still the date meant: the intent says what is wrong with it.
    if (r.ok || !r.error.message.startsWith("I don't understand")) return phrase;
  }
  return undefined;
}

export function findDeadline(text: string, today: string): DeadlineSlot | undefined {
  const lower = text.toLowerCase();
  for (const m of lower.matchAll(LEAD)) {
    const from = m.index + m[0].length;
    const phrase = longestDate(text.slice(from), today);
    if (phrase) return { phrase, start: m.index, end: from + phrase.length };
  }
  for (const m of lower.matchAll(END)) {
    const phrase = longestDate(text.slice(m.index), today);
    if (phrase) return { phrase, start: m.index, end: m.index + phrase.length };
  }
  return undefined;
}
