import { describe, expect, it } from 'vitest';
import { countdownStep, holdEnd } from '../../src/pages/event/hold';
import type { HoldView } from '../../src/pages/types';

const expiresAt = '2026-01-01T12:10:00Z';
const at = (secondsLeft: number) => Date.parse(expiresAt) - secondsLeft * 1000;

describe('countdownStep', () => {
  it('shows minutes and seconds left, rounding up', () => {
    expect(countdownStep(expiresAt, at(600), -1)).toEqual({ text: 'Held for 10:00', announce: null, over: false });
    expect(countdownStep(expiresAt, at(59.2), -1).text).toBe('Held for 1:00');
  });

  it('says the last minute and the last ten seconds out loud once each', () => {
    expect(countdownStep(expiresAt, at(60), -1).announce).toBe(60);
    expect(countdownStep(expiresAt, at(59.9), 60).announce).toBeNull();
    expect(countdownStep(expiresAt, at(30), 60).announce).toBeNull();
    expect(countdownStep(expiresAt, at(10), 60).announce).toBe(10);
    expect(countdownStep(expiresAt, at(9.8), 10).announce).toBeNull();
  });

  it('is over at zero and stays at 0:00 past it', () => {
    expect(countdownStep(expiresAt, at(0.1), 10).over).toBe(false);
    expect(countdownStep(expiresAt, at(0), 10)).toEqual({ text: 'Held for 0:00', announce: null, over: true });
    expect(countdownStep(expiresAt, at(-5), 10).text).toBe('Held for 0:00');
  });
});

describe('holdEnd', () => {
  const hold = (status: HoldView['status'], orderId?: string) => ({ status, orderId });

  it('goes to the order when the hold was bought (in another tab)', () => {
    expect(holdEnd(hold('PURCHASED', 'o1'))).toEqual({ kind: 'purchased', orderId: 'o1' });
  });

  it('tells an expiry from a release, and a purchase without its order from either', () => {
    expect(holdEnd(hold('EXPIRED'))).toEqual({ kind: 'expired' });
    expect(holdEnd(hold('RELEASED'))).toEqual({ kind: 'released' });
    expect(holdEnd(hold('PURCHASED'))).toEqual({ kind: 'released' });
  });

  it('does nothing to a hold the server still has', () => {
    expect(holdEnd(hold('ACTIVE'))).toEqual({ kind: 'active' });
  });
});
