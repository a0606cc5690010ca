/**
 * `awsid exec --ecs-server` whose command leaves a background process behind: the port stays
 * bound by awsid (nobody else can listen on it) until that process exits, and the process gets a
 * clear "session ended" error from it, never credentials.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { PRELUDE, child, loggedInEcsWorld } from '../helpers/ecs-child.js';

/** The background process: says where the endpoint is, waits for `go`, asks, reports, exits. */
const GRANDCHILD = `${PRELUDE}
import { existsSync, writeFileSync } from 'node:fs';
const dir = process.env.LEFTOVER_DIR;
writeFileSync(dir + '/port', uri.port);
for (let i = 0; i < 1200 && !existsSync(dir + '/go'); i++) await sleep(50);
const out = { raw: await raw({ authorization: token }) };
try {
  await fromNodeProviderChain()();
  out.sdk = 'credentials';
} catch (e) {
  out.sdk = String(e && e.message);
}
writeFileSync(dir + '/result.json', JSON.stringify(out));
process.exit(0);
`;

/** Polls (50 ms, at most 30 s) until `f` returns something other than undefined. */
async function until<T>(f: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 600; i++) {
    const v = await f();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('gave up waiting');
}

/** Tries to listen on 127.0.0.1:port; resolves with the error code, or 'listening' (then closes). */
function tryListen(port: number): Promise<string> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve('listening')));
  });
}

const readOrUndefined = (p: string) => readFile(p, 'utf8').catch(() => undefined);

describe('awsid exec --ecs-server: processes that outlive the command', () => {
  const world = loggedInEcsWorld();

  it('the port stays held until the background grandchild exits; it gets "session ended", not credentials', async () => {
    const w = world();
    const dir = await mkdtemp(join(w.sb.tmp, 'leftover-'));
    const background = ['/bin/sh', '-c', '"$@" </dev/null >/dev/null 2>&1 &', 'sh'];
    const r = await w.sb.run(
      ['exec', '--ecs-server', '--profile', 'dev', '--', ...background, ...child(GRANDCHILD)],
      { LEFTOVER_DIR: dir },
    );
    const port = Number(await until(() => readOrUndefined(join(dir, 'port'))));
    try {
      expect(r.code).toBe(0);
      expect(r.stderr).toContain(`127.0.0.1:${port}/creds stays reserved for them`);
      // The direct child is gone and awsid has returned; the port is still not free.
      expect(await tryListen(port)).toBe('EADDRINUSE');
    } finally {
      // Let the grandchild go on either way, so that it never outlives the test.
      await writeFile(join(dir, 'go'), '');
    }
    const result = JSON.parse(await until(() => readOrUndefined(join(dir, 'result.json')))) as {
      raw: { status: number; body: string };
      sdk: string;
    };
    expect(result.raw.status).toBe(400);
    const body = JSON.parse(result.raw.body) as { Code: string; Message: string };
    expect(body.Code).toBe('SessionEnded');
    expect(body.Message).toContain('has ended and serves no more credentials');
    expect(result.sdk).not.toBe('credentials');
    // Once the grandchild has exited the keeper lets the port go.
    expect(
      await until(async () => ((await tryListen(port)) === 'listening' ? true : undefined)),
    ).toBe(true);
  });
});
