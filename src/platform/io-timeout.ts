/**
 * A timeout that lets I/O which is already ready win. A process that is not scheduled for longer
 * than `ms` (200 cold callers on 2 cores) wakes with both its timer due and its connect or reply
 * ready, and Node runs due timers before that turn's I/O callbacks ("The Node.js Event Loop",
 * https://nodejs.org/en/learn/asynchronous-work/event-loop-timers-and-nexttick): a plain
 * setTimeout would report a daemon that answered in time as too slow. setImmediate callbacks run
 * after that turn's I/O, so the timeout only fires if the I/O still has not happened.
 */
export function ioTimeout(onTimeout: () => void, ms: number): () => void {
  let immediate: NodeJS.Immediate | undefined;
  const timer = setTimeout(() => {
    immediate = setImmediate(onTimeout);
  }, ms);
  return () => {
    clearTimeout(timer);
    if (immediate !== undefined) clearImmediate(immediate);
  };
}
