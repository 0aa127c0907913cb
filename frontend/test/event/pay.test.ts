import { describe, expect, it } from 'vitest';
import { ApiProblem } from '../../src/api';
import { PurchaseKeys, actionRequired, purchaseFailure } from '../../src/pages/event/pay';

function counter() {
  let n = 0;
  return () => `key-${++n}`;
}

describe('PurchaseKeys', () => {
  it('sends the same key every time Pay is pressed again for one hold, so it is charged at most once', () => {
    const keys = new PurchaseKeys(counter());
    expect(keys.of('h1')).toBe('key-1');
    expect(keys.of('h1')).toBe('key-1');
  });

  it('starts a new attempt after a declined card', () => {
    const keys = new PurchaseKeys(counter());
    keys.of('h1');
    keys.forget();
    expect(keys.of('h1')).toBe('key-2');
  });

  it('gives another hold another key', () => {
    const keys = new PurchaseKeys(counter());
    keys.of('h1');
    expect(keys.of('h2')).toBe('key-2');
    expect(keys.of('h1')).toBe('key-3');
  });
});

describe('purchaseFailure', () => {
  const problem = (status: number, slug: string) => new ApiProblem(status, slug, slug, {});

  it('keeps the hold after a declined card', () => {
    expect(purchaseFailure(problem(402, 'payment-declined'))).toBe('declined');
  });

  it('gives up the hold when the server says it is gone', () => {
    expect(purchaseFailure(problem(410, 'hold-expired'))).toBe('gone');
  });

  it('keeps the hold and the key when the outcome is not known yet', () => {
    for (const [status, slug] of [[503, 'order-pending'], [503, 'payment-unavailable'], [409, 'purchase-in-progress']] as const) {
      expect(purchaseFailure(problem(status, slug))).toBe('other');
    }
    expect(purchaseFailure(new Error('boom'))).toBe('other');
  });
});

describe('actionRequired', () => {
  it('gives the client secret a 3-D Secure problem carries, and nothing for any other problem', () => {
    const action = new ApiProblem(402, 'payment-action-required', 'Authenticate', { clientSecret: 'pi_1_secret_x' });
    expect(actionRequired(action)).toBe('pi_1_secret_x');
    expect(actionRequired(new ApiProblem(402, 'payment-declined', 'Declined', {}))).toBeNull();
    expect(actionRequired(new ApiProblem(402, 'payment-action-required', 'No secret', {}))).toBeNull();
    expect(actionRequired(new Error('network'))).toBeNull();
  });
});
