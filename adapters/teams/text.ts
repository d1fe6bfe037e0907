import type { Activity } from 'botbuilder';
import type { AskData } from './render/card-types.ts';

// The question in a Teams message. In channels and group chats the bot is addressed with an
// @mention that arrives as "<at>Partner Pulse</at>" in the text; Teams may also send other tags
// and HTML entities. A button on one of our cards sends its question in `value` instead.

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, code: string) => {
    if (code[0] === '#') {
      const n = code[1] === 'x' || code[1] === 'X' ? parseInt(code.slice(2), 16) : parseInt(code.slice(1), 10);
      return Number.isFinite(n) && n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : m;
    }
    return ENTITIES[code.toLowerCase()] ?? m;
  });
}

/** The names under which this activity mentions the bot, as they appear between <at> tags. */
function botMentionTexts(activity: Partial<Activity>): string[] {
  const botId = activity.recipient?.id;
  return (activity.entities ?? [])
    .filter((e) => e.type === 'mention' && typeof e.text === 'string' && (e.mentioned as { id?: unknown } | undefined)?.id === botId)
    .map((e) => String(e.text));
}

/** Text with the bot's mention removed, other people's mentions kept as their names, tags and entities undone. */
export function messageText(activity: Partial<Activity>): string {
  let text = activity.text ?? '';
  for (const m of botMentionTexts(activity)) text = text.split(m).join(' ');
  // Teams always tags the bot's own mention; a mention entity that did not come along is still one.
  const botName = activity.recipient?.name;
  if (botName) text = text.split(`<at>${botName}</at>`).join(' ');
  text = text.replace(/<\/?at>/gi, '').replace(/<br\s*\/?>/gi, '\n').replace(/<[^>]{0,500}>/g, ' ');
  return decodeEntities(text).replace(/[ \t\u00a0]+/g, ' ').trim();
}

export function isAskData(v: unknown): v is AskData {
  const d = v as Partial<AskData> | null;
  return typeof d === 'object' && d !== null && d.pulseAction === 'ask' && typeof d.question === 'string';
}

/** The question a person asked: a button's follow-up, or what they typed. */
export function questionOf(activity: Partial<Activity>): string {
  return isAskData(activity.value) ? activity.value.question : messageText(activity);
}
