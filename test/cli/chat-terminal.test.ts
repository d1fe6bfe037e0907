import { PassThrough, Readable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { displayWidth, wrapWords } from '../../adapters/console/layout.ts';
import { renderReply } from '../../adapters/console/render.ts';
import type { App } from '../../src/app.ts';
import { runChat } from '../../src/cli/commands/chat.ts';
import type { CliIo } from '../../src/cli/io.ts';
import { chatLogLine, log, useChatLogging } from '../../src/log.ts';
import { textReply, type Reply } from '../../src/reply/types.ts';
import { appFor } from '../core/test-app.ts';
import { testDb } from '../helpers/db.ts';
import { runCli } from './run-cli.ts';

// The terminal chat reads like a conversation: nothing from the log between the prompt and the
// answer (warnings stay, one plain line each), and text wraps at word boundaries, never mid-word.

const words = (s: string): string[] => s.split(/\s+/).filter((w) => w !== '');

describe('wrapping at word boundaries', () => {
  const summary =
    "Northwind Traders is Silver. For Gold you meet 3 of 4 requirements; revenue is $80,000 short. At today's pace revenue does not reach $500,000 within two years, and by Dec 31, 2026 active certifications, met today, would fall to 4, below the Gold minimum.";

  it('breaks only between words, within the width, and keeps every word whole', () => {
    for (const width of [30, 41, 60, 80]) {
      const lines = wrapWords(summary, width).split('\n');
      for (const l of lines) expect(displayWidth(l), `${width}: ${l}`).toBeLessThanOrEqual(width);
      expect(words(lines.join(' '))).toEqual(words(summary));
      // "below" is one word on one line.
      expect(lines.some((l) => /\bbelow\b/.test(l))).toBe(true);
    }
  });

  it('keeps indentation, hangs continuation lines, and leaves a word wider than the line whole', () => {
    const url = 'https://partners.contoso.example/deals?status=approved&owner=northwind-traders';
    const out = wrapWords(`  1. Review your open deals — ${url} (1 approved registration expires soon.)`, 40, 5).split('\n');
    expect(out[0]).toBe('  1. Review your open deals —');
    expect(out[1]).toBe(`     ${url}`);
    expect(out.slice(2).every((l) => l.startsWith('     ') && displayWidth(l) <= 40)).toBe(true);
    // Wide characters count twice, as a terminal shows them.
    expect(wrapWords('北京 上海 广州 深圳 成都 重庆 天津 南京 武汉 西安 杭州', 20).split('\n').every((l) => displayWidth(l) <= 20)).toBe(true);
    // Not a terminal: as it is.
    expect(wrapWords(summary, undefined)).toBe(summary);
  });

  it('a reply wraps its summary, figures and next steps to the width, tables and charts untouched', () => {
    const reply: Reply = {
      ...textReply(summary, '2026-11-23T06:00:00.000Z'),
      facts: [{ label: 'Active certifications', value: 5, unit: 'count', display: '5 of 5 (met today; at risk before the Dec 31, 2026 review)' }],
      suggestions: [
        {
          label: 'Renew a certification',
          url: 'https://partners.contoso.example/training/renewals',
          question: 'Which certifications expire in the next 38 days?',
          reason: '1 certification (Contoso Cloud Architect) expires before the Dec 31, 2026 review, the first on Dec 12, 2026.',
        },
      ],
    };
    const width = 50;
    const text = renderReply(reply, { width });
    const lines = text.split('\n');
    // A link wider than the line stays whole on a line of its own.
    for (const l of lines) expect(displayWidth(l) <= width || /^\s*https:\/\/\S+$/.test(l), l).toBe(true);
    expect(words(text)).toEqual(words(renderReply(reply)));
    // The figure's continuation sits under the value, the step's under its text.
    const fact = lines.findIndex((l) => l.startsWith('  Active certifications  5 of 5'));
    expect(lines[fact + 1]).toMatch(/^ {25}\S/);
    const step = lines.findIndex((l) => l.startsWith('  1. Renew a certification'));
    expect(lines[step + 1]).toMatch(/^ {5}\S/);
    // Colour never moves a break.
    // eslint-disable-next-line no-control-regex -- stripping ANSI escapes
    expect(renderReply(reply, { width, color: true }).replace(/\u001b\[[0-9;]*m/g, '')).toBe(text);
  });
});

describe('chat logging', () => {
  it('reads a log line as one plain line, and nothing below a warning', () => {
    expect(chatLogLine(JSON.stringify({ level: 30, time: 1, msg: 'certification sweep at start', created: 2 }))).toBe('');
    expect(
      chatLogLine(JSON.stringify({ level: 40, time: 1, pid: 7, hostname: 'h', msg: 'llm planner fell back to rules', planner: 'llm', reason: 'Connection\nerror.', tokens: 0 })),
    ).toBe('warning: llm planner fell back to rules (planner: llm, reason: Connection error., tokens: 0)');
    expect(chatLogLine(JSON.stringify({ level: 50, msg: 'turn failed', err: { type: 'Error', message: 'boom', stack: 'Error: boom\n    at x' } }))).toBe('error: turn failed (boom)');
  });

  it('once the chat starts, info lines are silent and a warning is one line on stderr', () => {
    const out: string[] = [];
    // The tests run with LOG_LEVEL=silent; a person's chat starts from info.
    log.level = 'info';
    const child = log.child({ part: 'jobs' });
    useChatLogging({ write: (s: string) => out.push(s) });
    log.info({ created: 3 }, 'certification sweep at start');
    child.info('digests');
    log.warn({ reason: 'timeout' }, 'llm planner fell back to rules');
    log.error({ err: new Error('connection refused') }, 'job queue error');
    expect(out).toEqual(['warning: llm planner fell back to rules (reason: timeout)\n', 'error: job queue error (connection refused)\n']);
  });
});

describe('pulse chat', () => {
  let app: App;
  let url: string;
  beforeAll(async () => {
    const h = await testDb({ demo: true });
    url = h.url;
    app = await appFor(h);
  });

  it('in a terminal 60 columns wide, the greeting and the answer wrap at word boundaries', async () => {
    const stdout = Object.assign(new PassThrough(), { columns: 60, isTTY: false });
    const stderr = new PassThrough();
    let printed = '';
    stdout.on('data', (d: Buffer) => (printed += d.toString()));
    const io: CliIo = { stdin: Readable.from(['how close am I to Gold tier?\n']), stdout, stderr, env: { NO_COLOR: '1' } };
    expect(await runChat(app, io, undefined)).toBe(0);
    const lines = printed.split('\n');
    const prose = lines.filter((l) => !/[█░│▏▎▍▌▋▊▉]/.test(l) && !/^ {2}[✓✗!] /.test(l) && !/Requirement +Current/.test(l));
    for (const l of prose) expect(displayWidth(l), l).toBeLessThanOrEqual(60);
    expect(printed).toContain('Northwind Traders is Silver.');
    // No word is cut: every line ends on a whole word of the answer.
    expect(printed).not.toMatch(/\bbe\n\s*low\b/);
  });

  it('prints no JSON log line between the question and the answer; a warning stays, on one line of stderr', async () => {
    const r = await runCli(['chat'], {
      DATABASE_URL: url,
      LOG_LEVEL: 'info',
      // A model that cannot be reached: the planner falls back to rules and warns.
      OPENAI_BASE_URL: 'http://127.0.0.1:9/v1',
      OPENAI_API_KEY: 'test',
      PULSE_LLM_TIMEOUT_MS: '3000',
    }, 'how close am I to Gold tier?\n');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Northwind Traders is Silver.');
    expect(r.stdout).not.toMatch(/\{"level"/);
    expect(r.stderr).not.toMatch(/\{"level"|"msg"/);
    const warnings = r.stderr.split('\n').filter((l) => l.trim() !== '');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^warning: llm planner fell back to rules \(/);
  });
});
