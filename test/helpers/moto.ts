/**
 * A local STS for interop tests and benchmarks: `python3 -m moto.server` on 127.0.0.1 and a free
 * port (moto is installed on the machine image next to the `aws` CLI). moto answers
 * GetCallerIdentity with a fixed identity whatever key signed the request.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export interface Moto {
  /** `http://127.0.0.1:PORT` */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Why the real `aws` CLI + moto cannot run here, or undefined when they can. */
export function motoUnavailableReason(): string | undefined {
  const py = spawnSync('python3', ['-c', 'import moto.server'], { encoding: 'utf8' });
  if (py.error || py.status !== 0) {
    return `python3 with moto is not available (${py.error?.message ?? py.stderr.trim().split('\n').pop()}); pip install 'moto[server]'`;
  }
  const aws = spawnSync('aws', ['--version'], { encoding: 'utf8' });
  if (aws.error || aws.status !== 0) return 'the aws CLI is not installed (pip install awscli)';
  return undefined;
}

/** A port the OS says is free right now (a tiny race with other programs; fine on a test box). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Starts moto and resolves once it answers HTTP; rejects after `timeoutMs`. */
export async function startMoto(timeoutMs = 30_000): Promise<Moto> {
  const port = await freePort();
  const child = spawn('python3', ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-2000)));
  const url = `http://127.0.0.1:${port}`;
  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited(child);
  };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`moto exited ${child.exitCode}: ${stderr}`);
    try {
      const r = await fetch(`${url}/moto-api/`, { signal: AbortSignal.timeout(1_000) });
      await r.arrayBuffer();
      if (r.ok) return { url, port, close };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await close();
  throw new Error(`moto did not answer on ${url} within ${timeoutMs} ms: ${stderr}`);
}
