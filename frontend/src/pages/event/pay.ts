import { ApiProblem, call, explain } from '../../api';
import { h } from '../../dom';
import type { HoldView, OrderView } from '../types';
import { isGone, type EventContext } from './context';

/**
 * The idempotency key of a hold's purchase: one per hold, so pressing Pay again after a timeout
 * or a 503 can never charge twice; a declined card ends that attempt, and the next is a new one.
 */
export class PurchaseKeys {
  private holdId: string | null = null;

  private key: string | null = null;

  constructor(private readonly mint: () => string = () => crypto.randomUUID()) {}

  /** The key for paying this hold now. */
  of(holdId: string): string {
    if (this.holdId !== holdId || this.key === null) {
      this.holdId = holdId;
      this.key = this.mint();
    }
    return this.key;
  }

  /** The attempt is over (the card was declined): the next Pay is a new request. */
  forget(): void {
    this.key = null;
  }
}

/** What a failed purchase means for the page: try another card, the hold is gone, or just say why. */
export function purchaseFailure(problem: unknown): 'declined' | 'gone' | 'other' {
  if (problem instanceof ApiProblem && problem.slug === 'payment-declined') {
    return 'declined';
  }
  return isGone(problem) ? 'gone' : 'other';
}

export interface PayCallbacks {
  /** The hold to pay for, if one is shown. */
  current(): HoldView | null;
  /** The hold became this order. */
  purchased(order: OrderView): void;
  /** The hold is gone on the server; say why. */
  gone(text: string): void;
}

/** Paying for the current hold: the test card to pay with and the Pay button. */
export function payControls(ctx: EventContext, callbacks: PayCallbacks): { card: HTMLSelectElement; button: HTMLButtonElement } {
  const keys = new PurchaseKeys();
  const card = h(
    'select',
    { 'aria-label': 'Test card', 'data-testid': 'card' },
    h('option', { value: 'tok_visa' }, 'Test card: Visa (succeeds)'),
    h('option', { value: 'tok_chargeDeclined' }, 'Test card: declined'),
  );
  const button = h('button', { class: 'primary', type: 'button', 'data-testid': 'pay' }, 'Pay');

  button.addEventListener('click', async () => {
    const hold = callbacks.current();
    if (!hold) {
      return;
    }
    button.disabled = true;
    try {
      const answer = await call<OrderView>('POST', `/api/v1/holds/${hold.holdId}/purchase`, {
        body: { paymentToken: card.value },
        headers: { 'Idempotency-Key': keys.of(hold.holdId) },
      });
      callbacks.purchased(answer.body);
      ctx.navigate(`/orders/${answer.body.orderId}`);
    } catch (problem) {
      const failure = purchaseFailure(problem);
      if (failure === 'declined') {
        keys.forget();
      }
      if (failure === 'gone') {
        callbacks.gone(explain(problem));
      } else {
        ctx.say(explain(problem), true);
      }
    } finally {
      button.disabled = false;
    }
  });

  return { card, button };
}
