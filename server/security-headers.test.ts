import { describe, expect, it } from 'vitest';
import { ideContentSecurityPolicy, newNonce, originOf } from './security-headers';

const directives = (policy: string) => new Map(policy.split('; ').map((d) => [d.split(' ')[0]!, d.split(' ').slice(1)]));

describe('ideContentSecurityPolicy', () => {
  it('allows scripts by nonce only, and refuses to be framed', () => {
    const policy = directives(ideContentSecurityPolicy({ nonce: 'abc', dev: false, frameOrigins: ['http://localhost:4100'] }));
    expect(policy.get('script-src')).toEqual(["'self'", "'nonce-abc'", "'strict-dynamic'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('frame-src')).toEqual(["'self'", 'http://localhost:4100']);
    expect(policy.get('script-src')).not.toContain("'unsafe-inline'");
  });

  it("adds 'unsafe-eval' in development only", () => {
    expect(ideContentSecurityPolicy({ nonce: 'n', dev: true, frameOrigins: [] })).toContain("'unsafe-eval'");
    expect(ideContentSecurityPolicy({ nonce: 'n', dev: false, frameOrigins: [] })).not.toContain("'unsafe-eval'");
  });
});

describe('newNonce and originOf', () => {
  it('makes a different base64 nonce each time', () => {
    const a = newNonce();
    expect(a).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(newNonce()).not.toBe(a);
  });

  it('keeps only a URL origin, and nothing for a bad value', () => {
    expect(originOf('http://localhost:4100/apps/')).toEqual(['http://localhost:4100']);
    expect(originOf("x'; script-src *")).toEqual([]);
    expect(originOf(undefined)).toEqual([]);
  });
});
