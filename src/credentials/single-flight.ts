/**
 * Coalesces concurrent calls per key: while one is running, later callers get the same promise (as
 * @smithy/core `memoizeIdentityProvider` coalesces). The entry is removed when that call settles,
 * and only if no newer call replaced it meanwhile (invalidate() may drop a flight early).
 */
export function shareFlight<K, V>(
  flights: Map<K, Promise<V>>,
  key: K,
  start: () => Promise<V>,
): Promise<V> {
  const existing = flights.get(key);
  if (existing) return existing;
  const flight: Promise<V> = (async () => start())().finally(() => {
    if (flights.get(key) === flight) flights.delete(key);
  });
  flights.set(key, flight);
  return flight;
}
