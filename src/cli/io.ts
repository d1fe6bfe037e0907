import type { Readable, Writable } from 'node:stream';

/** The streams a command talks to; the process's own in real use. */
export interface CliIo {
  stdin: Readable & { isTTY?: boolean };
  stdout: Writable & { isTTY?: boolean; columns?: number };
  stderr: Writable & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

export const processIo = (): CliIo => {
  quietOnClosedPipe();
  return {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
  };
};

// `pulse notifications | head` closes our stdout early; that is the reader's choice, not an error
// worth a stack trace, so the process just ends.
let guarded = false;
function quietOnClosedPipe(): void {
  if (guarded) return;
  guarded = true;
  for (const s of [process.stdout, process.stderr]) {
    s.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(0);
      throw e;
    });
  }
}

export const println = (stream: Writable, line = ''): void => {
  stream.write(`${line}\n`);
};
