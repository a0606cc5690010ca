import { describe, expect, it } from 'vitest';

import { daemonEnvironment, isSecretVar, SECRET_VARS } from './daemon-env.js';

describe('daemonEnvironment', () => {
  const caller = {
    HOME: '/home/u',
    PATH: '/usr/bin',
    XDG_RUNTIME_DIR: '/run/user/1000',
    DBUS_SESSION_BUS_ADDRESS: 'unix:path=/run/user/1000/bus',
    AWS_PROFILE: 'dev',
    AWS_REGION: 'eu-west-1',
    AWS_CONFIG_FILE: '/home/u/.aws/config',
    AWS_ENDPOINT_URL_SSO: 'http://127.0.0.1:8123',
    AWSID_SECRET_STORE: 'passphrase',
    HTTPS_PROXY: 'http://proxy:3128',
    AWSID_PASSPHRASE: 'correct horse',
    AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'secret',
    AWS_SESSION_TOKEN: 'token',
    AWS_SECURITY_TOKEN: 'token',
    AWS_CONTAINER_AUTHORIZATION_TOKEN: 'Bearer x',
    AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://169.254.170.23/v1/credentials',
    AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/v2/credentials/x',
    AWS_WEB_IDENTITY_TOKEN_FILE: '/var/run/token',
    GITHUB_TOKEN: 'ghp_x',
    npm_config__authToken: 'npm_x',
    DB_PASSWORD: 'pw',
    OPENAI_API_KEY: 'sk-x',
    UNSET: undefined,
  };

  it('keeps what the daemon needs to find the same config, store and endpoints', () => {
    expect(daemonEnvironment(caller)).toEqual({
      HOME: '/home/u',
      PATH: '/usr/bin',
      XDG_RUNTIME_DIR: '/run/user/1000',
      DBUS_SESSION_BUS_ADDRESS: 'unix:path=/run/user/1000/bus',
      AWS_PROFILE: 'dev',
      AWS_REGION: 'eu-west-1',
      AWS_CONFIG_FILE: '/home/u/.aws/config',
      AWS_ENDPOINT_URL_SSO: 'http://127.0.0.1:8123',
      AWSID_SECRET_STORE: 'passphrase',
      HTTPS_PROXY: 'http://proxy:3128',
    });
  });

  it('drops the passphrase and every listed AWS secret, whatever the case of the name', () => {
    for (const name of SECRET_VARS) {
      expect(daemonEnvironment({ [name]: 'x', HOME: '/h' })).toEqual({ HOME: '/h' });
      expect(isSecretVar(name.toLowerCase())).toBe(true);
    }
  });

  it('leaves the caller environment untouched', () => {
    const env = { AWSID_PASSPHRASE: 'p', HOME: '/h' };
    daemonEnvironment(env);
    expect(env).toEqual({ AWSID_PASSPHRASE: 'p', HOME: '/h' });
  });

  it('does not take ordinary variables for secrets', () => {
    for (const name of [
      'TOKENIZERS_PARALLELISM',
      'SSH_AUTH_SOCK',
      'XDG_SESSION_ID',
      'KEYTAB_DIR',
    ]) {
      expect(isSecretVar(name)).toBe(false);
    }
  });
});

describe('paths the daemon must resolve like its caller', () => {
  it('makes relative config, state and runtime paths absolute against the caller directory', () => {
    const env = daemonEnvironment(
      {
        AWS_CONFIG_FILE: 'demo/config',
        AWS_SHARED_CREDENTIALS_FILE: '/abs/credentials',
        XDG_STATE_HOME: '~/state',
        XDG_RUNTIME_DIR: './run',
        AWS_PROFILE: 'dev',
      },
      '/work/project',
    );
    expect(env).toEqual({
      AWS_CONFIG_FILE: '/work/project/demo/config',
      AWS_SHARED_CREDENTIALS_FILE: '/abs/credentials',
      XDG_STATE_HOME: '~/state',
      XDG_RUNTIME_DIR: '/work/project/run',
      AWS_PROFILE: 'dev',
    });
  });
});
