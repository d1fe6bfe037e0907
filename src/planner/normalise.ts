import type { Corrector } from './lexicon.ts';

// Chat shorthand spelled out, and typos put right, before anything else reads the question: the
// slots and the intent scores then see "how is revenue ytd" whatever was typed ("hows rev ytd").
// The rest of the text stays exactly as written, capitals included (names are read from them).

/** Whole words (any case) and what they stand for. */
const SHORTHAND: Readonly<Record<string, string>> = {
  u: 'you',
  w: 'with',
  r: 'are',
  ur: 'your',
  yr: 'year',
  yrs: 'years',
  hw: 'how',
  wat: 'what',
  wut: 'what',
  whats: 'what is',
  hows: 'how is',
  whos: 'who is',
  wheres: 'where is',
  whens: 'when is',
  b4: 'before',
  thx: 'thanks',
  thnx: 'thanks',
  thanx: 'thanks',
  tx: 'thanks',
  ty: 'thank you',
  pls: 'please',
  plz: 'please',
  rev: 'revenue',
  conv: 'conversion',
  convo: 'conversion',
  reqs: 'requirements',
  req: 'requirement',
  requirments: 'requirements',
  gm: 'good morning',
  hru: 'how are you',
  tues: 'tuesday',
  thur: 'thursday',
  thurs: 'thursday',
  kno: 'know',
  dont: "don't",
  im: "i'm",
  revs: 'revenue',
  pipe: 'pipeline',
  regs: 'registrations',
  reg: 'registration',
  qtr: 'quarter',
  qtrs: 'quarters',
  mo: 'month',
  mos: 'months',
  mth: 'month',
  mths: 'months',
  wk: 'week',
  wks: 'weeks',
  amt: 'amount',
  avg: 'average',
  biz: 'business',
  mgr: 'manager',
  ppl: 'people',
  cuz: 'because',
  bc: 'because',
  rn: 'right now',
  yoy: 'compared with the year before',
  qoq: 'compared with the quarter before',
  mom: 'compared with the month before',
  h1: 'first half',
  h2: 'second half',
  tmrw: 'tomorrow',
  '2day': 'today',
  gonna: 'going to',
  wanna: 'want to',
  gimme: 'give me',
  lemme: 'let me',
  perf: 'performance',
  pct: 'percent',
  nums: 'numbers',
  stats: 'figures',
  cosell: 'co-sell',
};

/** Shorthand that is more than one word or needs its neighbours. */
const PHRASES: readonly [RegExp, string][] = [
  [/\bw\/o\b/gi, 'without'],
  [/\bw\//gi, 'with '],
  [/\bb\/c\b/gi, 'because'],
  [/#\s*of\b/gi, 'number of'],
  [/(^|\s)#(?=\s|$)/g, '$1number'],
  // "this q", "last q", "next q": the quarter.
  [/\b(this|last|next|prev|previous|current)\s+q\b(?![1-4])/gi, '$1 quarter'],
  // "fy25", "fy 2025": the calendar year, which is the program's year.
  [/\bfy\s*'?(\d{2})\b(?!\d)/gi, '20$1'],
  [/\bfy\s*(\d{4})\b/gi, '$1'],
  [/\b(this|last|next|current)\s+fy\b/gi, '$1 year'],
  [/\bprev\b/gi, 'previous'],
];

/** A reaction is a word too: "👍" is "ok", "🙏" is "thanks", "👋" is "hi". */
export function reactionsAsWords(text: string): string {
  return text.replace(/👍|👌/gu, ' ok ').replace(/🙏/gu, ' thanks ').replace(/👋/gu, ' hi ');
}

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** Replaces one word, keeping a leading capital (a name stays a name). */
function replaceWord(word: string, corrector: Corrector | undefined): string {
  const lower = word.toLowerCase();
  const plain = lower.replace(/['’]/g, '');
  const short = SHORTHAND[plain];
  if (short !== undefined) return /^\p{Lu}/u.test(word) && word.length > 1 ? capitalise(short) : short;
  // "tailspn's": the name corrected, the possessive kept.
  const possessive = /^(.+)['’]s$/u.exec(word);
  if (possessive?.[1]) return `${replaceWord(possessive[1], corrector)}${word.slice(possessive[1].length)}`;
  if (plain !== lower) return word;
  const fixed = corrector?.correct(lower);
  if (fixed === undefined) return word;
  return /^\p{Lu}/u.test(word) ? capitalise(fixed) : fixed;
}

/**
 * Words around a question that carry no meaning of their own: a greeting or "quick q" before it,
 * "can you tell me" in front of what is asked. Only when more follows ("hey" alone is a greeting).
 */
const PREAMBLE =
  /^\s*(?:(?:hi|hey|hello|hiya|yo|morning|good (?:morning|afternoon|evening)|ok(?:ay)? so|so|um+|uh+)\b[\s,!.:;—–-]*)*(?:quick (?:q|question|one)\b[\s,:—–-]*)?(?:(?:can|could|would) (?:you|u) (?:please |pls )?(?:tell|show|give) me\b|(?:i'd like|i want|i need) to know\b|do you know\b|please tell me\b|tell me\b(?= (?:what|which|who|how|when|where|why|if|whether)\b))?\s*(?=\S.*\S)/i;

/** The question with shorthand spelled out and typos corrected; everything else as typed. */
export function normalise(text: string, corrector?: Corrector): string {
  let out = text.replace(PREAMBLE, '');
  for (const [re, to] of PHRASES) out = out.replace(re, to);
  return out.replace(WORD, (w) => replaceWord(w, corrector));
}
