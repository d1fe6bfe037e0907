import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { INTENTS } from '../../../intents/index.ts';
import { wrapWords } from '../../../adapters/console/layout.ts';
import { renderReply } from '../../../adapters/console/render.ts';
import { styleFor, wantsColor } from '../../../adapters/console/style.ts';
import type { Role } from '../../../db/schema.ts';
import type { App } from '../../app.ts';
import { answer } from '../../core/answer.ts';
import { consoleIdentity } from '../../identity/resolve-user.ts';
import { useChatLogging } from '../../log.ts';
import { parse } from '../args.ts';
import { describeUser } from '../describe-user.ts';
import { println, type CliIo } from '../io.ts';
import { EXIT_FAIL, EXIT_OK } from '../usage-error.ts';
import { withApp } from '../with-app.ts';

/** The demo's partner admin at Northwind: a first question needs no setup. */
export const DEFAULT_CHAT_USER = 'owner@northwind.example';

export const CHAT_USAGE = `pulse chat [--as EMAIL]
  A conversation in the terminal, as the user with that email (default: ${DEFAULT_CHAT_USER},
  a demo partner admin). In the chat: /as EMAIL switches user, /help lists questions, /quit leaves.
  With stdin not a terminal, answers one question per line until end of input.`;

export async function chatCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parse({
    args,
    options: { as: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } },
  });
  if (values.help) {
    println(io.stdout, CHAT_USAGE);
    return EXIT_OK;
  }
  // From here on nothing but warnings, one line each, reaches the terminal from the log.
  useChatLogging(io.stderr);
  return withApp(io, (app) => runChat(app, io, values.as?.trim() || undefined));
}

export async function runChat(app: App, io: CliIo, as: string | undefined): Promise<number> {
  const tty = io.stdin.isTTY === true;
  const color = wantsColor(io.stdout, io.env);
  const dim = styleFor(color).dim;
  // What the chat itself says wraps at word boundaries too, like the answers.
  const say = (text: string) => println(io.stdout, wrapWords(text, io.stdout.columns));
  let email = as ?? DEFAULT_CHAT_USER;
  // The terminal session is the thread: follow-ups ("and last quarter?") refer back within it.
  const session = randomUUID();

  const who = await describeUser(app.db, email);
  let role: Role | undefined = who.ok ? who.value.role : undefined;
  if (!who.ok && as) {
    println(io.stderr, who.error.message);
    return EXIT_FAIL;
  }
  say(
    who.ok
      ? `Partner Pulse — chatting as ${who.value.label}${as ? '' : ' (the demo default)'}.`
      : `Partner Pulse — ${DEFAULT_CHAT_USER} is not in this database (${who.error.message})`,
  );
  println(io.stdout, dim(wrapWords('Type /as EMAIL to switch user, /help for questions to try, /quit to leave.', io.stdout.columns)));

  const rl = createInterface({
    input: io.stdin,
    output: tty ? io.stdout : undefined,
    terminal: tty,
    crlfDelay: Infinity,
  });
  rl.setPrompt('you> ');
  // Ctrl-C ends the chat like /quit, so the embedded database is stopped on the way out.
  rl.on('SIGINT', () => rl.close());
  if (tty) rl.prompt();

  for await (const line of rl) {
    const text = line.trim();
    if (text !== '') {
      if (!tty) println(io.stdout, `\n> ${text}`);
      if (text.startsWith('/')) {
        const cmd = await slashCommand(app, text, email, role);
        if (cmd.quit) break;
        if (cmd.user) ({ email, role } = cmd.user);
        say(cmd.output);
      } else {
        const result = await answer(app, { ...consoleIdentity(email), text, threadId: session });
        println(io.stdout, renderReply(result.reply, { color, width: io.stdout.columns }));
      }
    }
    if (tty) rl.prompt();
  }
  rl.close();
  return EXIT_OK;
}

interface SlashResult {
  output: string;
  user?: { email: string; role: Role };
  quit?: boolean;
}

async function slashCommand(app: App, text: string, email: string, role: Role | undefined): Promise<SlashResult> {
  const [name = '', ...rest] = text.split(/\s+/);
  switch (name.toLowerCase()) {
    case '/quit':
    case '/exit':
    case '/q':
      return { output: '', quit: true };
    case '/as': {
      const next = rest.join(' ').trim();
      if (!next) return { output: `Usage: /as EMAIL (now chatting as ${email})` };
      const who = await describeUser(app.db, next);
      if (!who.ok) return { output: `${who.error.message} Still chatting as ${email}.` };
      return { output: `Now chatting as ${who.value.label}.`, user: { email: next, role: who.value.role } };
    }
    case '/help':
    case '/?':
      return { output: chatHelp(email, role) };
    default:
      return { output: `Unknown command ${name}; try /help.` };
  }
}

function chatHelp(email: string, role: Role | undefined): string {
  const examples = INTENTS.filter((i) => role === undefined || i.roles.includes(role))
    .flatMap((i) => i.examples.slice(0, 1))
    .map((e, n) => `  ${n + 1}. ${e}`);
  return [`Chatting as ${email}. Commands: /as EMAIL (switch user), /help, /quit.`, 'Questions to try:', ...examples].join('\n');
}
