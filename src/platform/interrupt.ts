/**
 * Ctrl-C (and SIGTERM) as an AbortSignal for a command that waits on a person: the first signal
 * aborts with `reason()`, so the command unwinds (closes ports, releases locks) and exits with
 * its own code; a second one gets Node's default and ends the process at once.
 */
export interface Interrupt {
  readonly signal: AbortSignal;
  dispose(): void;
}

export function abortOnInterrupt(reason: () => Error): Interrupt {
  const ac = new AbortController();
  const handler = () => {
    dispose();
    ac.abort(reason());
  };
  const dispose = () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
  return { signal: ac.signal, dispose };
}
