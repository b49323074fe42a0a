import { describe, expect, it } from 'vitest';
import { Gate } from './limits';

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
