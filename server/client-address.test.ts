import { describe, expect, it } from 'vitest';
import { clientAddress, currentPeerAddress, parseTrustedProxies, withPeerAddress } from './client-address';

describe('clientAddress', () => {
  const proxies = parseTrustedProxies('10.0.0.0/8, ::1');

  it('is the connection address when that is not a trusted proxy, whatever X-Forwarded-For says', () => {
    expect(clientAddress('198.51.100.1', '203.0.113.9', proxies)).toBe('198.51.100.1');
    expect(clientAddress('198.51.100.1', null, parseTrustedProxies(''))).toBe('198.51.100.1');
    expect(clientAddress('::ffff:198.51.100.1', '1.1.1.1', proxies)).toBe('198.51.100.1');
  });

  it('reads X-Forwarded-For from the right, past trusted proxies only', () => {
    expect(clientAddress('10.0.0.2', 'spoofed, 203.0.113.9', proxies)).toBe('203.0.113.9');
    expect(clientAddress('10.0.0.2', '1.1.1.1, 203.0.113.9, 10.0.0.7', proxies)).toBe('203.0.113.9');
    expect(clientAddress('::1', '2001:db8::5', proxies)).toBe('2001:db8::5');
    // A garbled hop: the last address a trusted proxy vouched for.
    expect(clientAddress('10.0.0.2', '203.0.113.9, not-an-ip', proxies)).toBe('10.0.0.2');
    expect(clientAddress('10.0.0.2', null, proxies)).toBe('10.0.0.2');
  });

  it('is unknown without a connection address', () => {
    expect(clientAddress(undefined, '203.0.113.9', proxies)).toBeUndefined();
  });
});

describe('the peer address store', () => {
  it('holds the address for the request being handled, across awaits', async () => {
    expect(currentPeerAddress()).toBeUndefined();
    const seen = await withPeerAddress('192.0.2.1', async () => {
      await new Promise((resolve) => setImmediate(resolve));
      return currentPeerAddress();
    });
    expect(seen).toBe('192.0.2.1');
  });
});
