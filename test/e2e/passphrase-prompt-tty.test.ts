/**
 * The passphrase prompt on a real terminal (bash in tmux): typing the passphrase opens the store;
 * Ctrl-C at the prompt exits 130 with one line (docs/errors.md), never "internal error".
 */
import { execFile, spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { envWithAwsid, shellMissing } from '../helpers/awsid-shell.js';
import { CORP_DEV_CONFIG } from '../helpers/corp.js';
import { startWorld, type World } from '../helpers/world.js';

const run = promisify(execFile);
const tmuxMissing =
  spawnSync('tmux', ['-V'], { stdio: 'ignore' }).status === 0
    ? undefined
    : 'tmux is not installed (apt-get install -y tmux)';
const reason = tmuxMissing ?? shellMissing('bash');
const PASSPHRASE = 'typed at the prompt';

describe.skipIf(reason)('the passphrase prompt in a terminal (tmux)', () => {
  let world: World;
  let tmux: (...args: string[]) => Promise<string>;

  async function screenShows(text: string): Promise<string> {
    let screen = '';
    for (let i = 0; i < 150; i++) {
      screen = await tmux('capture-pane', '-p', '-t', 'pp');
      if (screen.includes(text)) return screen;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`the terminal never showed ${JSON.stringify(text)}; it shows:\n${screen}`);
  }

  /** Runs `awsid status` in the shell; its exit code lands in `<tmp>/<name>`. */
  async function startStatus(name: string): Promise<() => Promise<string>> {
    const file = join(world.sb.tmp, name);
    await tmux(
      'send-keys',
      '-t',
      'pp',
      '-l',
      `clear; awsid status >/dev/null; echo rc=$? > ${file}`,
    );
    await tmux('send-keys', '-t', 'pp', 'Enter');
    await screenShows('awsid passphrase:');
    return async () => {
      for (let i = 0; i < 150; i++) {
        const text = await readFile(file, 'utf8').catch(() => '');
        if (text.endsWith('\n')) return text.trim();
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`the shell never wrote ${file}`);
    };
  }

  beforeAll(async () => {
    world = await startWorld({
      config: CORP_DEV_CONFIG,
      env: { AWSID_SECRET_STORE: 'passphrase' },
      fake: { person: { kind: 'approve', afterPolls: 0 } },
    });
    const login = await world.sb.run(['login', '--no-browser'], { AWSID_PASSPHRASE: PASSPHRASE });
    expect(login.code).toBe(0);
    const env = await envWithAwsid(world.sb);
    const socket = join(world.sb.tmp, 'tmux.sock');
    tmux = async (...args) =>
      (await run('tmux', ['-S', socket, '-f', '/dev/null', ...args], { env })).stdout;
    await tmux('new-session', '-d', '-s', 'pp', '-x', '150', '-y', '40', 'bash --norc --noprofile');
  }, 60_000);
  afterAll(async () => {
    await tmux?.('kill-server').catch(() => undefined);
    await world?.close();
  });

  it('the typed passphrase opens the store', async () => {
    const rc = await startStatus('typed');
    await tmux('send-keys', '-t', 'pp', '-l', PASSPHRASE);
    await tmux('send-keys', '-t', 'pp', 'Enter');
    expect(await rc()).toBe('rc=0');
    expect(await tmux('capture-pane', '-p', '-t', 'pp')).not.toContain(PASSPHRASE);
  });

  it('Ctrl-C at the prompt: one line, exit 130', async () => {
    const rc = await startStatus('cancelled');
    await tmux('send-keys', '-t', 'pp', 'C-c');
    expect(await rc()).toBe('rc=130');
    const screen = await screenShows('awsid: cancelled at the passphrase prompt');
    expect(screen).not.toContain('internal error');
  });
});
