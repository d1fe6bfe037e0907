// Slack's documented Block Kit limits, and a validator that checks any payload against them: the
// renderer keeps inside these numbers, and tests and the benchmark run the validator over every
// message the fake Slack received. Sources: docs.slack.dev/reference/block-kit (blocks, block
// elements, composition objects, views), and the data visualization block reference.

export const LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  /** Section text; also our own cap for a message's top-level text and context texts. */
  text: 3000,
  sectionFields: 10,
  fieldText: 2000,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  url: 3000,
  actionId: 255,
  blockId: 255,
  imageAltText: 2000,
  imageTitle: 2000,
  tableRows: 100,
  tableCells: 20,
  /** Slack shows one table per message. */
  tablesPerMessage: 1,
  chartTitle: 50,
  chartsPerMessage: 2,
  chartSeries: 6,
  chartPoints: 20,
  chartLabel: 20,
  chartAxisLabel: 50,
  pieSegments: 6,
  privateMetadata: 3000,
  callbackId: 255,
  modalTitle: 24,
} as const;

export type Surface = 'message' | 'home' | 'modal';

export interface LimitProblem {
  /** Where, e.g. "blocks[3].fields[2].text". */
  path: string;
  message: string;
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const len = (s: string): number => s.length;

/**
 * Sequences that notify people or link channels. Escaped user data can never produce them, and
 * the adapter never writes them itself, so any of them in a payload means an escaping bug.
 * `<!date^…>` (local-time formatting) notifies nobody and is allowed.
 */
const PING = /<(?:!(?!date\^)[^>]*|@[^>]*|#[^>]*)>/;

class Checker {
  readonly problems: LimitProblem[] = [];
  readonly actionIds = new Set<string>();
  readonly blockIds = new Set<string>();

  fail(path: string, message: string): void {
    this.problems.push({ path, message });
  }

  maxLen(path: string, v: unknown, max: number, what: string): void {
    if (typeof v !== 'string') return this.fail(path, `${what} must be a string`);
    if (len(v) > max) this.fail(path, `${what} is ${len(v)} characters; the limit is ${max}`);
  }

  nonEmpty(path: string, v: unknown, what: string): void {
    if (typeof v !== 'string' || v.trim() === '') this.fail(path, `${what} must not be empty`);
  }

  noPing(path: string, v: unknown): void {
    if (typeof v === 'string' && PING.test(v)) this.fail(path, `unescaped mention or link sequence: ${PING.exec(v)?.[0]}`);
  }

  text(path: string, t: unknown, max: number, opts: { plainOnly?: boolean } = {}): void {
    if (!isObj(t)) return this.fail(path, 'text object missing');
    if (t.type !== 'plain_text' && t.type !== 'mrkdwn') return this.fail(path, `text type "${String(t.type)}" is not plain_text or mrkdwn`);
    if (opts.plainOnly && t.type !== 'plain_text') this.fail(path, 'must be plain_text');
    if (t.type === 'mrkdwn' && 'emoji' in t) this.fail(path, 'emoji is only allowed on plain_text');
    this.nonEmpty(`${path}.text`, t.text, 'text');
    this.maxLen(`${path}.text`, t.text, max, 'text');
    if (t.type === 'mrkdwn') this.noPing(`${path}.text`, t.text);
  }

  button(path: string, b: Obj): void {
    this.text(`${path}.text`, b.text, LIMITS.buttonText, { plainOnly: true });
    const id = b.action_id;
    if (typeof id !== 'string' || id === '') this.fail(`${path}.action_id`, 'action_id missing');
    else {
      this.maxLen(`${path}.action_id`, id, LIMITS.actionId, 'action_id');
      if (this.actionIds.has(id)) this.fail(`${path}.action_id`, `action_id "${id}" is not unique`);
      this.actionIds.add(id);
    }
    if (b.value !== undefined) this.maxLen(`${path}.value`, b.value, LIMITS.buttonValue, 'value');
    if (b.url !== undefined) this.maxLen(`${path}.url`, b.url, LIMITS.url, 'url');
  }

  element(path: string, e: unknown): void {
    if (!isObj(e)) return this.fail(path, 'element missing');
    if (e.type === 'button') this.button(path, e);
    else if (e.type === 'image') this.maxLen(`${path}.alt_text`, e.alt_text, LIMITS.imageAltText, 'alt_text');
    else if (e.action_id !== undefined) {
      // Other interactive elements: only the identity rules are checked here.
      const id = String(e.action_id);
      if (this.actionIds.has(id)) this.fail(`${path}.action_id`, `action_id "${id}" is not unique`);
      this.actionIds.add(id);
    }
  }

  chart(path: string, b: Obj): void {
    this.nonEmpty(`${path}.title`, b.title, 'chart title');
    this.maxLen(`${path}.title`, b.title, LIMITS.chartTitle, 'chart title');
    const c = b.chart;
    if (!isObj(c)) return this.fail(`${path}.chart`, 'chart missing');
    if (c.type === 'pie') {
      const segs = c.segments;
      if (!Array.isArray(segs) || segs.length < 1 || segs.length > LIMITS.pieSegments) {
        return this.fail(`${path}.chart.segments`, `a pie needs 1–${LIMITS.pieSegments} segments`);
      }
      segs.forEach((s, i) => {
        const p = `${path}.chart.segments[${i}]`;
        if (!isObj(s)) return this.fail(p, 'segment missing');
        this.maxLen(`${p}.label`, s.label, LIMITS.chartLabel, 'segment label');
        if (typeof s.value !== 'number' || !(s.value > 0) || !Number.isFinite(s.value)) this.fail(`${p}.value`, 'segment value must be a number above 0');
      });
      return;
    }
    if (c.type !== 'bar' && c.type !== 'line' && c.type !== 'area') return this.fail(`${path}.chart.type`, `unknown chart type "${String(c.type)}"`);
    const axis = c.axis_config;
    if (!isObj(axis) || !Array.isArray(axis.categories)) return this.fail(`${path}.chart.axis_config`, 'axis_config.categories missing');
    const cats = axis.categories as unknown[];
    cats.forEach((cat, i) => this.maxLen(`${path}.chart.axis_config.categories[${i}]`, cat, LIMITS.chartLabel, 'category'));
    if (axis.x_label !== undefined) this.maxLen(`${path}.chart.axis_config.x_label`, axis.x_label, LIMITS.chartAxisLabel, 'x_label');
    if (axis.y_label !== undefined) this.maxLen(`${path}.chart.axis_config.y_label`, axis.y_label, LIMITS.chartAxisLabel, 'y_label');
    const series = c.series;
    if (!Array.isArray(series) || series.length < 1 || series.length > LIMITS.chartSeries) {
      return this.fail(`${path}.chart.series`, `a chart needs 1–${LIMITS.chartSeries} series`);
    }
    const names = new Set<string>();
    series.forEach((s, i) => {
      const p = `${path}.chart.series[${i}]`;
      if (!isObj(s)) return this.fail(p, 'series missing');
      this.nonEmpty(`${p}.name`, s.name, 'series name');
      this.maxLen(`${p}.name`, s.name, LIMITS.chartLabel, 'series name');
      if (typeof s.name === 'string') {
        if (names.has(s.name)) this.fail(`${p}.name`, `series name "${s.name}" is not unique`);
        names.add(s.name);
      }
      const data = s.data;
      if (!Array.isArray(data) || data.length < 1 || data.length > LIMITS.chartPoints) {
        return this.fail(`${p}.data`, `a series needs 1–${LIMITS.chartPoints} data points`);
      }
      data.forEach((d, j) => {
        if (!isObj(d)) return this.fail(`${p}.data[${j}]`, 'data point missing');
        if (!cats.includes(d.label)) this.fail(`${p}.data[${j}].label`, `label "${String(d.label)}" is not one of the axis categories`);
        if (typeof d.value !== 'number' || !Number.isFinite(d.value)) this.fail(`${p}.data[${j}].value`, 'value must be a finite number');
      });
    });
  }

  table(path: string, b: Obj): void {
    const rows = b.rows;
    if (!Array.isArray(rows) || rows.length < 1 || rows.length > LIMITS.tableRows) {
      return this.fail(`${path}.rows`, `a table needs 1–${LIMITS.tableRows} rows`);
    }
    rows.forEach((r, i) => {
      if (!Array.isArray(r) || r.length < 1 || r.length > LIMITS.tableCells) {
        this.fail(`${path}.rows[${i}]`, `a row needs 1–${LIMITS.tableCells} cells`);
      }
    });
    if (Array.isArray(b.column_settings) && b.column_settings.length > LIMITS.tableCells) {
      this.fail(`${path}.column_settings`, `at most ${LIMITS.tableCells} column settings`);
    }
  }

  block(path: string, b: unknown): void {
    if (!isObj(b)) return this.fail(path, 'block missing');
    if (b.block_id !== undefined) {
      const id = String(b.block_id);
      this.maxLen(`${path}.block_id`, id, LIMITS.blockId, 'block_id');
      if (this.blockIds.has(id)) this.fail(`${path}.block_id`, `block_id "${id}" is not unique`);
      this.blockIds.add(id);
    }
    switch (b.type) {
      case 'header':
        return this.text(`${path}.text`, b.text, LIMITS.headerText, { plainOnly: true });
      case 'section': {
        if (b.text === undefined && b.fields === undefined) return this.fail(path, 'a section needs text or fields');
        if (b.text !== undefined) this.text(`${path}.text`, b.text, LIMITS.text);
        if (b.fields !== undefined) {
          if (!Array.isArray(b.fields) || b.fields.length < 1 || b.fields.length > LIMITS.sectionFields) {
            this.fail(`${path}.fields`, `a section holds 1–${LIMITS.sectionFields} fields`);
          } else b.fields.forEach((f, i) => this.text(`${path}.fields[${i}]`, f, LIMITS.fieldText));
        }
        if (b.accessory !== undefined) this.element(`${path}.accessory`, b.accessory);
        return;
      }
      case 'context': {
        const els = b.elements;
        if (!Array.isArray(els) || els.length < 1 || els.length > LIMITS.contextElements) {
          return this.fail(`${path}.elements`, `a context holds 1–${LIMITS.contextElements} elements`);
        }
        els.forEach((e, i) => {
          if (isObj(e) && e.type === 'image') this.element(`${path}.elements[${i}]`, e);
          else this.text(`${path}.elements[${i}]`, e, LIMITS.text);
        });
        return;
      }
      case 'actions': {
        const els = b.elements;
        if (!Array.isArray(els) || els.length < 1 || els.length > LIMITS.actionsElements) {
          return this.fail(`${path}.elements`, `an actions block holds 1–${LIMITS.actionsElements} elements`);
        }
        els.forEach((e, i) => this.element(`${path}.elements[${i}]`, e));
        return;
      }
      case 'divider':
        return;
      case 'image': {
        this.nonEmpty(`${path}.alt_text`, b.alt_text, 'alt_text');
        this.maxLen(`${path}.alt_text`, b.alt_text, LIMITS.imageAltText, 'alt_text');
        if (b.title !== undefined) this.text(`${path}.title`, b.title, LIMITS.imageTitle, { plainOnly: true });
        const file = b.slack_file;
        if (b.image_url === undefined && !(isObj(file) && (typeof file.id === 'string' || typeof file.url === 'string'))) {
          this.fail(path, 'an image needs image_url or slack_file');
        }
        if (b.image_url !== undefined) this.maxLen(`${path}.image_url`, b.image_url, LIMITS.url, 'image_url');
        return;
      }
      case 'table':
        return this.table(path, b);
      case 'data_visualization':
        return this.chart(path, b);
      default:
        // Blocks this adapter never sends are left to Slack.
        return;
    }
  }

  blocks(blocks: unknown, surface: Surface): void {
    if (blocks === undefined) return;
    if (!Array.isArray(blocks)) return this.fail('blocks', 'blocks must be an array');
    const max = surface === 'message' ? LIMITS.messageBlocks : LIMITS.viewBlocks;
    if (blocks.length > max) this.fail('blocks', `${blocks.length} blocks; a ${surface} holds at most ${max}`);
    blocks.forEach((b, i) => this.block(`blocks[${i}]`, b));
    const count = (type: string) => blocks.filter((b) => isObj(b) && b.type === type).length;
    if (count('table') > LIMITS.tablesPerMessage) this.fail('blocks', `${count('table')} tables; at most ${LIMITS.tablesPerMessage}`);
    if (count('data_visualization') > LIMITS.chartsPerMessage) {
      this.fail('blocks', `${count('data_visualization')} charts; at most ${LIMITS.chartsPerMessage}`);
    }
  }
}

/**
 * Checks a chat message payload (chat.postMessage, chat.postEphemeral, chat.update, a
 * response_url body): its blocks and its top-level text.
 */
export function validateMessage(payload: unknown): LimitProblem[] {
  const c = new Checker();
  if (!isObj(payload)) return [{ path: '', message: 'payload must be an object' }];
  if (payload.text !== undefined) {
    c.maxLen('text', payload.text, LIMITS.text, 'text');
    c.noPing('text', payload.text);
  }
  if (payload.text === undefined && payload.blocks === undefined && payload.delete_original !== true) {
    c.fail('', 'a message needs text or blocks');
  }
  c.blocks(payload.blocks, 'message');
  return c.problems;
}

/** Checks a view (views.publish for the App Home, views.open for a modal). */
export function validateView(view: unknown): LimitProblem[] {
  const c = new Checker();
  if (!isObj(view)) return [{ path: '', message: 'view must be an object' }];
  const surface: Surface = view.type === 'modal' ? 'modal' : 'home';
  if (view.type !== 'home' && view.type !== 'modal') c.fail('type', `view type "${String(view.type)}" is not home or modal`);
  if (!Array.isArray(view.blocks)) c.fail('blocks', 'a view needs blocks');
  c.blocks(view.blocks, surface);
  if (view.private_metadata !== undefined) c.maxLen('private_metadata', view.private_metadata, LIMITS.privateMetadata, 'private_metadata');
  if (view.callback_id !== undefined) c.maxLen('callback_id', view.callback_id, LIMITS.callbackId, 'callback_id');
  if (surface === 'modal') {
    c.text('title', view.title, LIMITS.modalTitle, { plainOnly: true });
    if (view.submit !== undefined) c.text('submit', view.submit, LIMITS.modalTitle, { plainOnly: true });
    if (view.close !== undefined) c.text('close', view.close, LIMITS.modalTitle, { plainOnly: true });
  }
  return c.problems;
}

/** One line per problem, for test failures and logs. */
export const describeProblems = (problems: readonly LimitProblem[]): string =>
  problems.map((p) => `${p.path || '(payload)'}: ${p.message}`).join('\n');
