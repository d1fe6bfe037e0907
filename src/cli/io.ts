import type { Readable, Writable } from 'node:stream';

/** The streams a command talks to; the process's own in real use. */
export interface CliIo {
  stdin: Readable & { isTTY?: boolean };
  stdout: Writable & { isTTY?: boolean; columns?: number };
  stderr: Writable & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

export const processIo = (): CliIo => ({
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
});

export const println = (stream: Writable, line = ''): void => {
  stream.write(`${line}\n`);
};
