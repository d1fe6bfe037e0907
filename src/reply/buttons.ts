import type { Suggestion } from './types.ts';

// The buttons a reply's suggestions become, decided once for every adapter: a portal action is a
// link that opens it, a follow-up is a button that asks the question its text names. Adapters
// only translate these (Slack `url` and value buttons, Teams Action.OpenUrl and Action.Submit).

export type SuggestionButton = { kind: 'link'; text: string; url: string } | { kind: 'ask'; text: string; question: string };

/** Only web links open from a chat button; anything else is left out. */
export const isWebLink = (url: string | undefined): url is string => typeof url === 'string' && /^https?:\/\/\S+$/i.test(url.trim());

/** One suggestion's buttons: its portal link, then its question. */
export function buttonsOf(s: Suggestion): SuggestionButton[] {
  const out: SuggestionButton[] = [];
  const label = s.label.trim();
  if (isWebLink(s.url)) out.push({ kind: 'link', text: label || 'Open', url: s.url.trim() });
  const question = s.question?.trim();
  // With a link, the label names the link; the question's own text goes on its button.
  if (question) out.push({ kind: 'ask', text: s.askLabel?.trim() || (out.length > 0 ? question : label || question), question });
  return out;
}

/** Every suggestion's buttons in order, each link and each question once. */
export function suggestionButtons(suggestions: readonly Suggestion[]): SuggestionButton[] {
  const seen = new Set<string>();
  const out: SuggestionButton[] = [];
  for (const b of suggestions.flatMap(buttonsOf)) {
    const key = b.kind === 'link' ? `link ${b.url}` : `ask ${b.question.toLowerCase()}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(b);
  }
  return out;
}
