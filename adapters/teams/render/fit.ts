import type { Reply } from '../../../src/reply/types.ts';
import type { AdaptiveCard } from './card-types.ts';
import { FULL_DETAIL, renderCard, type CardOptions, type Detail } from './card.ts';

// Teams refuses a bot message over 100 KB (413, MessageSizeTooBig) and asks to keep the text of
// a message (measured in UTF-16, images aside) within 80 KB. The card is built to fit before it
// is sent: images go first, then table rows, requirement rows and facts, each cut noted on the card.

export const MAX_ACTIVITY_BYTES = 100_000;
export const MAX_TEXT_UTF16_BYTES = 80_000;
/** What the Bot Framework adds around the card: ids, conversation, service URL, timestamps. */
export const ENVELOPE_BYTES = 2_000;

export const CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

export interface MessageSize {
  /** The whole activity as JSON, UTF-8. */
  bytes: number;
  /** Everything but the base64 images, as Teams counts it (UTF-16). */
  textUtf16Bytes: number;
}

const DATA_URI = /"data:image\/png;base64,[A-Za-z0-9+/=]*"/g;

export function measureMessage(card: AdaptiveCard, summary: string): MessageSize {
  const json = JSON.stringify({ type: 'message', summary, attachments: [{ contentType: CARD_CONTENT_TYPE, content: card }] });
  return {
    bytes: Buffer.byteLength(json, 'utf8') + ENVELOPE_BYTES,
    textUtf16Bytes: (json.replace(DATA_URI, '""').length + ENVELOPE_BYTES) * 2,
  };
}

export const fits = (s: MessageSize): boolean => s.bytes <= MAX_ACTIVITY_BYTES && s.textUtf16Bytes <= MAX_TEXT_UTF16_BYTES;

/** After a 413: no images, few rows. */
export const SMALL_DETAIL: Detail = { images: 0, tableRows: 10, requirements: 10, facts: 10, textCharts: false };

/** Ever smaller details, from `start`: images one by one, then rows, then figures. */
function ladder(start: Detail, imageCount: number): Detail[] {
  const steps: Detail[] = [];
  for (let k = Math.min(start.images, imageCount); k >= 0; k--) steps.push({ ...start, images: k });
  let d: Detail = { ...start, images: 0 };
  const shrink = (patch: Partial<Detail>) => {
    d = { ...d, ...patch };
    steps.push(d);
  };
  for (const rows of [25, 10, 5]) if (rows < d.tableRows) shrink({ tableRows: rows });
  shrink({ textCharts: false });
  for (const n of [10, 5]) {
    if (n < d.requirements) shrink({ requirements: n });
    if (n < d.facts) shrink({ facts: n });
  }
  shrink({ tableRows: 0 });
  shrink({ facts: 0, requirements: 0 });
  return steps;
}

export interface FittedCard {
  card: AdaptiveCard;
  size: MessageSize;
  detail: Detail;
}

/** The richest card that fits; when nothing fits (it always should), the smallest one built. */
export function fitCard(reply: Reply, opts: Omit<CardOptions, 'detail'> & { start?: Detail }, summary = reply.summary): FittedCard {
  const imageCount = (opts.images ?? []).filter((i) => i !== undefined).length;
  let last: FittedCard | undefined;
  for (const detail of ladder(opts.start ?? FULL_DETAIL, imageCount)) {
    const card = renderCard(reply, { ...opts, detail });
    const size = measureMessage(card, summary);
    last = { card, size, detail };
    if (fits(size)) return last;
  }
  return last ?? { card: renderCard(reply, { ...opts, detail: SMALL_DETAIL }), size: { bytes: 0, textUtf16Bytes: 0 }, detail: SMALL_DETAIL };
}
