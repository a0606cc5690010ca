/** Signals and exit for long-running commands (the daemon), kept out of the command code. */

/** Calls `fn` once on the first SIGTERM or SIGINT. */
export function onTerminate(fn: (signal: string) => void): void {
  let fired = false;
  const handler = (signal: NodeJS.Signals) => {
    if (fired) return;
    fired = true;
    fn(signal);
  };
  process.once('SIGTERM', handler);
  process.once('SIGINT', handler);
}

/** Ends the process now, without running exit-time cleanup of sockets another daemon may own. */
export function exitNow(code: number): never {
  process.exit(code);
}
