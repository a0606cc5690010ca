/** What the scripted person decides at a poll (see `Person` in types.ts). */
import type { Person } from './types.js';

export type Decision = 'approved' | 'denied' | 'pending';

/** `polls` counts accepted polls including the current one. */
export function decide(person: Person, polls: number): Decision {
  switch (person.kind) {
    case 'approve':
      return polls > (person.afterPolls ?? 0) ? 'approved' : 'pending';
    case 'deny':
      return 'denied';
    case 'never':
      return 'pending';
  }
}
