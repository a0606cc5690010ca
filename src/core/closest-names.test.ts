import { describe, expect, it } from 'vitest';

import { closestNames } from './closest-names.js';

const NAMES = ['dev', 'prod', 'Sandbox.ReadOnlyAccess', 'Sandbox.AdministratorAccess', 'staging'];

describe('closestNames', () => {
  it('offers near misses, nearest first, at most three', () => {
    expect(closestNames('devv', NAMES)).toEqual(['dev']);
    expect(closestNames('prdo', NAMES)).toEqual(['prod']);
    expect(closestNames('sandbox', NAMES)).toEqual([
      'Sandbox.AdministratorAccess',
      'Sandbox.ReadOnlyAccess',
    ]);
    expect(closestNames('d', ['a', 'b', 'c', 'e'])).toHaveLength(3);
  });

  it('offers nothing for an unrelated name', () => {
    expect(closestNames('kubernetes-admin', NAMES)).toEqual([]);
  });
});
