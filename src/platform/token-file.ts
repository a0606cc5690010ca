/**
 * `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` for `awsid exec --ecs-server --ecs-token-file`: the
 * endpoint's token in a 0600 file inside a fresh 0700 directory, for programs that hand a path
 * (not a value) to containers or tools. The SDKs read it on every request. Removed when the child
 * exits; the token is worthless once the endpoint is closed.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Env } from './env.js';

export interface TokenFile {
  path: string;
  remove(): Promise<void>;
}

export async function writeTokenFile(env: Env, token: string): Promise<TokenFile> {
  // mkdtemp creates the directory 0700 with an unguessable name, so nobody else can place or
  // read anything in it.
  const dir = await mkdtemp(join(env.TMPDIR || tmpdir(), 'awsid-ecs-'));
  const path = join(dir, 'token');
  try {
    await writeFile(path, token, { mode: 0o600, flag: 'wx' });
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
  return { path, remove: () => rm(dir, { recursive: true, force: true }) };
}
