import { describe, expect, it } from 'vitest';
import { Gate, VisitorBuckets, visitorKey } from './limits';

describe('Gate', () => {
  it('hands a freed slot to the next waiter within its deadline, in order, and answers late waiters false', async () => {
    let clock = 0;
    const gate = new Gate(1, () => clock);
    expect(gate.tryEnter()).toBe(true);
    const late = gate.enter(10);
    const first = gate.enter(1_000);
    const second = gate.enter(1_000);
    clock = 50; // past the first waiter's 10 ms
    gate.leave();
    expect(await late).toBe(false);
    expect(await first).toBe(true);
    expect(gate.inUse).toBe(1);
    gate.leave();
    expect(await second).toBe(true);
    gate.leave();
    expect(gate.inUse).toBe(0);
    expect(await gate.enter(0)).toBe(true);
  });

  it('frees the slot when every waiter is past its deadline', async () => {
    let clock = 0;
    const gate = new Gate(1, () => clock);
    gate.tryEnter();
    const waiters = [gate.enter(5), gate.enter(5)];
    clock = 10;
    gate.leave();
    expect(await Promise.all(waiters)).toEqual([false, false]);
    expect(gate.inUse).toBe(0);
    expect(gate.tryEnter()).toBe(true);
  });
});

describe('VisitorBuckets', () => {
  it('gives each visitor of each app its own bucket', () => {
    const buckets = new VisitorBuckets(1, 2, 100, () => 0);
    expect([buckets.take('shop', '10.0.0.1').ok, buckets.take('shop', '10.0.0.1').ok, buckets.take('shop', '10.0.0.1').ok]).toEqual([
      true,
      true,
      false,
    ]);
    expect(buckets.take('shop', '10.0.0.2').ok).toBe(true);
    expect(buckets.take('blog', '10.0.0.1').ok).toBe(true);
  });

  it('keeps at most its table size of visitors, however many addresses a flood comes from', () => {
    const buckets = new VisitorBuckets(1, 1, 50, () => 0);
    for (let i = 0; i < 10_000; i++) buckets.take('shop', `10.0.${i >> 8}.${i & 255}`);
    expect(buckets.visitors).toBe(50);
  });

  it('counts a whole IPv6 /64 as one visitor, and an IPv4-mapped address as the IPv4 one', () => {
    expect(visitorKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(visitorKey('2001:0db8:0001:0002:ffff:1:2:3')).toBe('2001:db8:1:2::/64');
    expect(visitorKey('2001:db8::5')).toBe('2001:db8:0:0::/64');
    expect(visitorKey('::1')).toBe('0:0:0:0::/64');
    expect(visitorKey('::ffff:192.0.2.7')).toBe('192.0.2.7');
    expect(visitorKey('192.0.2.7')).toBe('192.0.2.7');
    const buckets = new VisitorBuckets(1, 1, 100, () => 0);
    expect(buckets.take('shop', '2001:db8:1:2::1').ok).toBe(true);
    expect(buckets.take('shop', '2001:db8:1:2::2').ok).toBe(false);
  });
});
