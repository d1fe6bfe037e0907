/** See bundle.mjs. */
export function bundledMain(opts?: { cache?: string; env?: Record<string, string | undefined> }): Promise<string | null>;
