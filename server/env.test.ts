import { describe, expect, it } from 'vitest';
import { ConfigError, parseEnv } from './env';

describe('parseEnv', () => {
  it('has working defaults for a newcomer', () => {
    expect(parseEnv({})).toMatchObject({ POSEIDON_DATA_DIR: '.data', POSEIDON_PUBLIC_URL: 'http://localhost:3000' });
  });

  it('treats empty values as unset', () => {
    expect(parseEnv({ DATABASE_URL: '' }).DATABASE_URL).toBeUndefined();
  });

  it.each([
    [{ DATABASE_URL: 'mysql://localhost/db' }, /DATABASE_URL: must start with postgres:\/\//],
    [{ DATABASE_URL: 'not a url' }, /DATABASE_URL: must be a URL/],
    [{ BETTER_AUTH_SECRET: 'short' }, /BETTER_AUTH_SECRET: must be at least 32 characters/],
    [{ POSEIDON_PUBLIC_URL: 'localhost' }, /POSEIDON_PUBLIC_URL: must be the URL/],
    [{ POSEIDON_SIGN_IN_MAX_ATTEMPTS: 'many' }, /POSEIDON_SIGN_IN_MAX_ATTEMPTS/],
  ])('names the variable of a bad value: %o', (env, message) => {
    expect(() => parseEnv(env)).toThrow(ConfigError);
    expect(() => parseEnv(env)).toThrow(message);
  });
});
