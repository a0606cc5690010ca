/**
 * A FIFO (or a directory) where the config file or the sealed state should be: every command
 * refuses at once with the path and the command that clears it, instead of blocking on the FIFO
 * forever or dying with "internal error".
 */
import { execFileSync } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { shellCommand } from '../../src/core/shell-quote.js';
import { createSandbox, type CliResult, type Sandbox } from '../helpers/cli.js';
import { CORP_CONFIG } from '../helpers/corp.js';

const STORE = { AWSID_SECRET_STORE: 'passphrase', AWSID_PASSPHRASE: 'not-a-file' };

/** The whole of stderr: the refusal and, for the commands people run, its run: line. */
function expectRefusal(r: CliResult, path: string, kind: string, fix: string[], oneLine = false) {
  const message = `awsid: ${path} is a ${kind}, not a file`;
  const run = shellCommand(fix);
  expect(r.stderr).toBe(oneLine ? `${message}; run: ${run}\n` : `${message}\n  run: ${run}\n`);
  expect(r.stdout).toBe('');
  expect(r.code).not.toBe(0);
}

describe.skipIf(process.platform === 'win32')('not a file where a file should be', () => {
  let sb: Sandbox;
  beforeEach(async () => {
    sb = await createSandbox(STORE);
  });
  afterEach(async () => {
    await sb.run(['daemon', 'stop']);
    await sb.close();
  });

  it('a FIFO as the config: status, credential-process --profile and populate refuse', async () => {
    await rm(sb.configFile, { force: true });
    execFileSync('mkfifo', [sb.configFile]);
    const fix = ['rm', sb.configFile];
    expectRefusal(await sb.run(['status']), sb.configFile, 'FIFO', fix);
    expectRefusal(
      await sb.run(['credential-process', '--profile', 'p']),
      sb.configFile,
      'FIFO',
      fix,
      true,
    );
    expectRefusal(await sb.run(['populate']), sb.configFile, 'FIFO', fix);
  });

  for (const kind of ['FIFO', 'directory']) {
    it(`a ${kind} as the sealed state: status refuses`, async () => {
      await sb.writeConfig(CORP_CONFIG);
      const dir = join(sb.home, '.local/state/awsid');
      const file = join(dir, 'state.sealed');
      await mkdir(dir, { recursive: true, mode: 0o700 });
      if (kind === 'FIFO') execFileSync('mkfifo', [file]);
      else await mkdir(file);
      const fix = kind === 'FIFO' ? ['rm', file] : ['mv', file, `${file}.old`];
      expectRefusal(await sb.run(['status']), file, kind, fix);
    });
  }
});
