import { execFileSync, spawnSync } from 'node:child_process';

import { describe, expect, it } from 'vitest';

import { fishQuote, shellCommand, shellQuote } from './shell-quote.js';

const ARGS = [
  '/usr/bin/node',
  '/opt/my tools/awsid/bin/awsid.js',
  "/home/o'brien/bin",
  '$HOME/x',
  '`id`',
  'a"b',
  '*',
  '~/x',
  'semi;colon|pipe&',
  'back\\slash',
  '#hash',
  '',
  '=ls',
  'ünïcode dir',
  'role+name=x,y.z@w-1',
];

const python = spawnSync('python3', ['-c', 'import shlex'], { encoding: 'utf8' });
const noPython = python.status === 0 ? undefined : 'python3 is not installed';
if (noPython) console.warn(`skipping the shlex check: ${noPython}`);

describe('shellQuote', () => {
  it('leaves plain arguments bare', () => {
    expect(shellQuote('/usr/local/bin/node')).toBe('/usr/local/bin/node');
    expect(shellQuote('--account-id')).toBe('--account-id');
    expect(shellQuote('a b')).toBe("'a b'");
    expect(shellQuote("it's")).toBe(`'it'"'"'s'`);
    expect(shellQuote('')).toBe("''");
    expect(shellQuote('a;touch pwned')).toBe("'a;touch pwned'");
  });

  it('quotes a leading = (zsh expands =word to a command path)', () => {
    expect(shellQuote('=ls')).toBe("'=ls'");
    expect(shellQuote('a=ls')).toBe('a=ls');
    const out = spawnSync('zsh', ['-c', `export X=${shellQuote('=ls')}; printf %s "$X"`], {
      encoding: 'utf8',
    });
    if (out.error) throw new Error('zsh is not installed (apt-get install -y zsh)');
    expect(out.stdout).toBe('=ls');
  });

  it('gives /bin/sh -c (the JS SDK) the same arguments back', () => {
    const line = `printf '%s\\0' ${ARGS.map(shellQuote).join(' ')}`;
    const out = execFileSync('/bin/sh', ['-c', line], { encoding: 'utf8', env: { HOME: '/nope' } });
    expect(out.split('\0').slice(0, -1)).toEqual(ARGS);
  });

  it.skipIf(noPython)('gives shlex.split (botocore) the same arguments back', () => {
    const line = shellCommand(ARGS);
    const out = execFileSync(
      'python3',
      ['-c', 'import json,shlex,sys; print(json.dumps(shlex.split(sys.argv[1])))', line],
      { encoding: 'utf8' },
    );
    expect(JSON.parse(out)).toEqual(ARGS);
  });
});

const fish = spawnSync('fish', ['--version'], { encoding: 'utf8' });
const noFish = fish.status === 0 ? undefined : 'fish is not installed (apt-get install -y fish)';
if (noFish) console.warn(`skipping the fish check: ${noFish}`);

describe('fishQuote', () => {
  it('escapes only backslash and single quote', () => {
    expect(fishQuote("it's \\ $x")).toBe("'it\\'s \\\\ $x'");
    expect(fishQuote('')).toBe("''");
  });

  it.skipIf(noFish)('gives fish the same arguments back', () => {
    const values = [...ARGS, 'new\nline', '(echo x)', "\\'", 'trailing\\'];
    const line = `printf '%s\\0' ${values.map(fishQuote).join(' ')}`;
    const out = execFileSync('fish', ['--no-config', '-c', line], {
      encoding: 'utf8',
      env: { HOME: '/nope', PATH: process.env.PATH },
    });
    expect(out.split('\0').slice(0, -1)).toEqual(values);
  });
});
