/**
 * A read-only npm registry on 127.0.0.1 for the install test. npm needs a registry to resolve a
 * tarball's dependencies (`--offline` fails: `npm ci` caches tarballs, not the registry's package
 * documents). This one answers with documents made from package-lock.json's entries and tarballs
 * read from the npm cache by their integrity (the content-addressed cache `npm ci` filled), so an
 * install through it reaches nothing beyond 127.0.0.1 and gets exactly the locked versions.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

interface LockEntry {
  name?: string;
  version?: string;
  integrity?: string;
  link?: boolean;
  [key: string]: unknown;
}

export interface LoopbackRegistry {
  url: string;
  /** Names npm asked for that the lock or the cache could not supply (optional platform packages). */
  misses: string[];
  close(): Promise<void>;
}

/** `<cache>/_cacache/content-v2/<algo>/<hex[0..2]>/<hex[2..4]>/<rest>` (cacache's layout). */
function cachedTarball(cacheDir: string, integrity: string): string | undefined {
  const [algo, b64] = integrity.split(' ')[0]!.split('-', 2) as [string, string];
  const hex = Buffer.from(b64, 'base64').toString('hex');
  const file = join(
    cacheDir,
    '_cacache',
    'content-v2',
    algo,
    hex.slice(0, 2),
    hex.slice(2, 4),
    hex.slice(4),
  );
  return existsSync(file) ? file : undefined;
}

const MANIFEST_FIELDS = [
  'dependencies',
  'optionalDependencies',
  'peerDependencies',
  'peerDependenciesMeta',
  'engines',
  'os',
  'cpu',
  'libc',
  'bin',
  'license',
  'hasInstallScript',
];

export async function startLoopbackRegistry(
  lockFile: string,
  cacheDir: string,
): Promise<LoopbackRegistry> {
  const lock = JSON.parse(readFileSync(lockFile, 'utf8')) as {
    packages: Record<string, LockEntry>;
  };
  type Version = { manifest: Record<string, unknown>; file: string; integrity: string };
  const versions = new Map<string, Map<string, Version>>();
  let url = '';
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (path === '' || entry.link || !entry.version || !entry.integrity) continue;
    const name =
      entry.name ?? path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
    const file = cachedTarball(cacheDir, entry.integrity);
    if (!file) continue;
    const manifest: Record<string, unknown> = { name, version: entry.version };
    for (const f of MANIFEST_FIELDS) if (entry[f] !== undefined) manifest[f] = entry[f];
    const byVersion = versions.get(name) ?? new Map<string, Version>();
    byVersion.set(entry.version, { manifest, file, integrity: entry.integrity });
    versions.set(name, byVersion);
  }
  const misses: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname.slice(1));
    const tarball = /^(.+)\/-\/[^/]+-([^/]+)\.tgz$/.exec(path);
    if (tarball) {
      const hit = versions.get(tarball[1]!)?.get(tarball[2]!);
      if (!hit) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      return void res.end(readFileSync(hit.file));
    }
    const byVersion = versions.get(path);
    if (!byVersion) {
      misses.push(path);
      return void res
        .writeHead(404, { 'content-type': 'application/json' })
        .end('{"error":"not found"}');
    }
    const docVersions: Record<string, unknown> = {};
    const base = path.slice(path.lastIndexOf('/') + 1);
    for (const [v, { manifest, integrity }] of byVersion) {
      docVersions[v] = {
        ...manifest,
        dist: { tarball: `${url}/${path}/-/${base}-${v}.tgz`, integrity },
      };
    }
    const latest = [...byVersion.keys()].sort(compareVersions).at(-1);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ name: path, 'dist-tags': { latest }, versions: docVersions }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    misses,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/).map((x) => Number(x));
  const pb = b.split(/[.-]/).map((x) => Number(x));
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}
