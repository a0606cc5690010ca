/**
 * The `awsid use` picker on a real terminal: bash in tmux with the shell function loaded, `awsid
 * use` typed, a filter typed, Enter; the shell's AWS_PROFILE is then written to a file and read.
 * Esc leaves the shell as it was, with exit code 130.
 */
import { execFile, spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { envWithAwsid, shellMissing, USE_CONFIG } from '../helpers/awsid-shell.js';
import { startWorld, type World } from '../helpers/world.js';

const run = promisify(execFile);
const tmuxMissing =
  spawnSync('tmux', ['-V'], { stdio: 'ignore' }).status === 0
    ? undefined
    : 'tmux is not installed (apt-get install -y tmux)';
const reason = tmuxMissing ?? shellMissing('bash');
if (reason) console.warn(`skipping the picker test: ${reason}`);

describe.skipIf(reason)('the awsid use picker in a terminal (tmux)', () => {
  let world: World;
  let tmux: (...args: string[]) => Promise<string>;

  /** Waits (bounded) until the screen shows `text`; returns the screen. */
  async function screenShows(text: string): Promise<string> {
    let screen = '';
    for (let i = 0; i < 150; i++) {
      screen = await tmux('capture-pane', '-p', '-t', 'use');
      if (screen.includes(text)) return screen;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`the terminal never showed ${JSON.stringify(text)}; it shows:\n${screen}`);
  }

  /** Runs `echo ... > file` in the shell and returns what it wrote. */
  async function shellSays(expression: string, name: string): Promise<string> {
    const file = join(world.sb.tmp, name);
    await tmux('send-keys', '-t', 'use', '-l', `echo "${expression}" > ${file}`);
    await tmux('send-keys', '-t', 'use', 'Enter');
    await screenShows(`> ${file}`);
    for (let i = 0; i < 150; i++) {
      const text = await readFile(file, 'utf8').catch(() => '');
      if (text.endsWith('\n')) return text.trim();
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`the shell never wrote ${file}`);
  }

  beforeAll(async () => {
    world = await startWorld({ env: { AWSID_SECRET_STORE: 'memory' }, config: USE_CONFIG });
    const env = await envWithAwsid(world.sb);
    const socket = join(world.sb.tmp, 'tmux.sock');
    tmux = async (...args) =>
      (await run('tmux', ['-S', socket, '-f', '/dev/null', ...args], { env })).stdout;
    await tmux(
      'new-session',
      '-d',
      '-s',
      'use',
      '-x',
      '150',
      '-y',
      '40',
      'bash --norc --noprofile',
    );
    await tmux('send-keys', '-t', 'use', '-l', 'eval "$(awsid init bash)"');
    await tmux('send-keys', '-t', 'use', 'Enter');
  }, 60_000);
  afterAll(async () => {
    await tmux?.('kill-server').catch(() => undefined);
    await world?.close();
  });

  it('type a filter, Enter: the shell now has that AWS_PROFILE', async () => {
    await tmux('send-keys', '-t', 'use', '-l', 'awsid use');
    await tmux('send-keys', '-t', 'use', 'Enter');
    const first = await screenShows('awsid use: type to filter');
    expect(first).toMatch(/> dev +Team Sandbox +111111111111 +ReadOnlyAccess +eu-west-1/);
    expect(first).toMatch(/ {2}prod +- +222222222222 +ReadOnlyAccess +us-east-1/);
    expect(first).toContain('4 of 4 profiles');
    expect(first).not.toContain('static');
    await tmux('send-keys', '-t', 'use', '-l', 'team admin');
    const filtered = await screenShows('1 of 4 profiles');
    expect(filtered).toMatch(
      /> sandbox-admin +Team Sandbox +111111111111 +AdministratorAccess +eu-west-1/,
    );
    await tmux('send-keys', '-t', 'use', 'Enter');
    await screenShows('awsid: AWS_PROFILE=sandbox-admin');
    expect(await shellSays('P=$AWS_PROFILE', 'picked')).toBe('P=sandbox-admin');
  });

  it('arrow keys move; Esc cancels with 130 and leaves AWS_PROFILE alone', async () => {
    await tmux('send-keys', '-t', 'use', '-l', 'clear; awsid use');
    await tmux('send-keys', '-t', 'use', 'Enter');
    await screenShows('4 of 4 profiles');
    await tmux('send-keys', '-t', 'use', 'Down');
    await screenShows('\n> ops+eu@corp:admin/x');
    await tmux('send-keys', '-t', 'use', 'Escape');
    await screenShows('awsid: no profile chosen');
    expect(await shellSays('rc=$? P=$AWS_PROFILE', 'cancelled')).toBe('rc=130 P=sandbox-admin');
  });
});
