import { Serial } from './serial.js';
import { checkedState, emptyState, type AwsidState } from './state.js';
import type { StateStore, UpdateFence, UpdateFn } from './state-store.js';

const NO_FENCE: UpdateFence = { check: () => Promise.resolve() };

/** AWSID_SECRET_STORE=memory: nothing is persisted; state lives as long as this process (or the daemon). */
export class MemoryStateStore implements StateStore {
  readonly kind = 'memory' as const;
  private state: AwsidState = emptyState();
  private readonly serial = new Serial();

  describe(): string {
    return 'memory only (AWSID_SECRET_STORE=memory): nothing is saved, secrets last as long as this process';
  }

  read(): Promise<AwsidState> {
    return Promise.resolve(structuredClone(this.state));
  }

  update<T>(fn: UpdateFn<T>): Promise<T> {
    return this.serial.run(async () => {
      const { state, result } = await fn(structuredClone(this.state), NO_FENCE);
      this.state = checkedState(structuredClone(state));
      return result;
    });
  }

  quarantine(): Promise<string | undefined> {
    return Promise.resolve(undefined);
  }

  probe(): Promise<void> {
    return Promise.resolve();
  }
}
