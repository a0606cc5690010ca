import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';

import { describe, expect, it } from 'vitest';

import { serveOneShotRedirect } from './one-shot-redirect.js';

/** Another local user: root can run a process as `nobody` (runuser), as the e2e sandbox does. */
const asNobody = process.getuid?.() === 0 && existsSync('/usr/sbin/runuser');

describe('the one-shot redirect page', () => {
  it('redirects once on 127.0.0.1, then answers 410; other paths 404', async () => {
    const target = 'https://signin.example/federation?SigninToken=secret';
    const page = await serveOneShotRedirect(target, { prefix: 'c', ttlMs: 10_000 });
    try {
      const url = new URL(page.url);
      expect(url.hostname).toBe('127.0.0.1');
      expect(page.url).not.toContain('secret');
      const wrong = await fetch(`${url.origin}/c/guess`, { redirect: 'manual' });
      expect(wrong.status).toBe(404);
      const first = await fetch(page.url, { redirect: 'manual' });
      expect(first.status).toBe(302);
      expect(first.headers.get('location')).toBe(target);
      expect(first.headers.get('cache-control')).toBe('no-store');
      expect(await page.taken).toBe(true);
      const second = await fetch(page.url, { redirect: 'manual' });
      expect(second.status).toBe(410);
      expect(second.headers.get('location')).toBeNull();
    } finally {
      await page.close();
    }
    await expect(fetch(page.url)).rejects.toThrow();
  });

  it('expires unused: taken resolves false and the port closes', async () => {
    const page = await serveOneShotRedirect('https://x.example/', { prefix: 'c', ttlMs: 1 });
    expect(await page.taken).toBe(false);
    await page.close();
    await expect(fetch(page.url)).rejects.toThrow();
  });

  it.skipIf(!asNobody)(
    'refuses another local user who read the URL in /proc, and stays unused for the browser',
    async () => {
      const page = await serveOneShotRedirect('https://x.example/', { prefix: 'c', ttlMs: 10_000 });
      try {
        const script = `fetch(process.argv[1],{redirect:'manual'}).then(r=>console.log(r.status))`;
        const other = await promisify(execFile)('/usr/sbin/runuser', [
          '-u',
          'nobody',
          '--',
          process.execPath,
          '-e',
          script,
          page.url,
        ]);
        expect(other.stdout.trim()).toBe('403');
        const mine = await fetch(page.url, { redirect: 'manual' });
        expect(mine.status).toBe(302);
      } finally {
        await page.close();
      }
    },
  );
});
