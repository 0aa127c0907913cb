import { describe, expect, it } from 'vitest';
import { ApiProblem, explain } from '../src/api';

const problem = (status: number, slug: string) => new ApiProblem(status, slug, `detail of ${slug}`, {});

describe('explain', () => {
  it('tells a buyer whose order is not stored yet that paying again completes it without a second charge', () => {
    const text = explain(problem(503, 'order-pending'));
    expect(text).toContain('payment went through');
    expect(text).toContain('Pay again');
    expect(text).toContain('not be charged twice');
  });

  it('asks a buyer whose bank wants a confirmation to confirm and pay again, with the seats kept', () => {
    const text = explain(problem(402, 'payment-action-required'));
    expect(text).toContain('confirm');
    expect(text).toContain('Pay again');
    expect(text).toContain('not be charged twice');
  });

  it('never says nothing happened when the payment may have gone through', () => {
    for (const slug of ['order-pending', 'payment-unavailable', 'purchase-in-progress', 'payment-action-required']) {
      expect(explain(problem(slug === 'purchase-in-progress' ? 409 : 503, slug))).not.toContain('nothing was changed');
    }
    expect(explain(problem(503, 'service-unavailable'))).toContain('nothing was changed');
  });
});
