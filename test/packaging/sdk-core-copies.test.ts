/**
 * One @aws-sdk/core in the tree. The clients (@aws-sdk/client-sso, -sso-oidc) depend on it by a
 * range; a different exact pin of our own makes npm install a second copy for them when the two
 * stop meeting, and the region checks (src/core/region.ts reads @aws-sdk/core's partitions
 * table) would then read another table than the clients resolving endpoints.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

const root = new URL('../..', import.meta.url).pathname;

interface Manifest {
  name?: string;
  version?: string;
  dependencies?: Record<string, string>;
}

const manifest = async (dir: string): Promise<Manifest> =>
  JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as Manifest;

/** Every installed copy of `name` under `dir`'s node_modules, nested ones too. */
async function copies(dir: string, name: string): Promise<string[]> {
  const modules = join(dir, 'node_modules');
  const entries = await readdir(modules, { withFileTypes: true }).catch(() => []);
  const found: string[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory()) continue;
    const packages = entry.name.startsWith('@')
      ? (await readdir(join(modules, entry.name))).map((n) => `${entry.name}/${n}`)
      : [entry.name];
    for (const pkg of packages) {
      const at = join(modules, pkg);
      if (pkg === name) found.push(at);
      found.push(...(await copies(at, name)));
    }
  }
  return found;
}

describe('@aws-sdk/core', () => {
  it('is declared with the range the SSO clients use, not a pin of its own', async () => {
    const ours = (await manifest(root)).dependencies ?? {};
    for (const client of ['@aws-sdk/client-sso', '@aws-sdk/client-sso-oidc']) {
      const theirs = (await manifest(join(root, 'node_modules', client))).dependencies ?? {};
      expect(ours['@aws-sdk/core'], client).toBe(theirs['@aws-sdk/core']);
    }
  });

  it('is installed exactly once', async () => {
    const found = await copies(root, '@aws-sdk/core');
    expect(found.map((dir) => dir.slice(root.length))).toEqual(['node_modules/@aws-sdk/core']);
  });
});
