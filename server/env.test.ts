import { describe, expect, it } from 'vitest';
import { ConfigError, parseEnv } from './env';

describe('parseEnv', () => {
  it('has working defaults for a newcomer', () => {
    expect(parseEnv({})).toMatchObject({ POSEIDON_DATA_DIR: '.data', POSEIDON_PUBLIC_URL: 'http://localhost:3000' });
  });

  it('derives the public URL from PORT unless it is set', () => {
    expect(parseEnv({ PORT: '3300' }).POSEIDON_PUBLIC_URL).toBe('http://localhost:3300');
    expect(parseEnv({ PORT: '3300', POSEIDON_PUBLIC_URL: 'https://ide.example.com' }).POSEIDON_PUBLIC_URL).toBe('https://ide.example.com');
  });

  it('takes trusted proxies as addresses and CIDR ranges', () => {
    expect(parseEnv({ POSEIDON_TRUSTED_PROXIES: '10.0.0.0/8, 127.0.0.1,::1,fd00::/8' }).POSEIDON_TRUSTED_PROXIES).toBe(
      '10.0.0.0/8, 127.0.0.1,::1,fd00::/8',
    );
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
    [{ PORT: '99999' }, /PORT/],
    [{ POSEIDON_TRUSTED_PROXIES: '10.0.0.0/8,proxy.local' }, /POSEIDON_TRUSTED_PROXIES: "proxy.local" is not an IP address/],
    [{ POSEIDON_TRUSTED_PROXIES: '10.0.0.0/33' }, /POSEIDON_TRUSTED_PROXIES: "10.0.0.0\/33"/],
  ])('names the variable of a bad value: %o', (env, message) => {
    expect(() => parseEnv(env)).toThrow(ConfigError);
    expect(() => parseEnv(env)).toThrow(message);
  });
});
