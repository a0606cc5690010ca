/**
 * Two typos people make in ~/.aws/config by hand, a key line without "=" and a section header
 * without "]": the built CLI names the file, the line and the edit, in one line plus the hint,
 * before anything else happens.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createSandbox, type Sandbox } from '../helpers/cli.js';
import { CORP_CONFIG } from '../helpers/corp.js';

describe('config typo diagnostics', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await createSandbox({ AWSID_SECRET_STORE: 'memory' });
  });
  afterAll(async () => sb?.close());

  const run = () => sb.run(['exec', '--profile', 'dev', '--', 'true']);

  it('a key line missing "="', async () => {
    await sb.writeConfig(`${CORP_CONFIG}\n[profile dev]\nsso_session = corp\nregion eu-west-1\n`);
    const r = await run();
    expect(r.code).toBe(4);
    expect(r.stderr).toBe(
      'awsid: ~/.aws/config line 8: "region" has no "=" after it (write "region = value"); botocore refuses the file\n' +
        '  run: put "=" between the key and its value on line 8 of ~/.aws/config\n',
    );
  });

  it('a section header missing "]"', async () => {
    await sb.writeConfig(`${CORP_CONFIG}\n[profile dev\nsso_session = corp\n`);
    const r = await run();
    expect(r.code).toBe(4);
    expect(r.stderr).toBe(
      'awsid: ~/.aws/config line 6: this section header has no closing "]"; botocore refuses the file\n' +
        '  run: add "]" at the end of the header on line 6 of ~/.aws/config\n',
    );
  });
});
