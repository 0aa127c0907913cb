import type { Stripe, StripeCardElement } from '@stripe/stripe-js';
import { loadStripe } from '@stripe/stripe-js/pure';
import { ApiProblem, call, explain, get } from '../../api';
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

/** How the browser collects a card, as `GET /api/v1/payments/config` says. */
export interface PaymentConfig {
  gateway: 'stripe' | 'simulated';
  publishableKey?: string;
}

/** The problem that asks the buyer's bank to authenticate a card (3-D Secure), with what Stripe.js needs. */
export function actionRequired(problem: unknown): string | null {
  if (problem instanceof ApiProblem && problem.slug === 'payment-action-required' && typeof problem.body.clientSecret === 'string') {
    return problem.body.clientSecret;
  }
  return null;
}

/**
 * The card to pay with: where the gateway is Stripe, Stripe's own card field (Stripe.js, so the
 * card number never touches Marquee); with the simulator, its test cards.
 */
interface CardInput {
  element: HTMLElement;
  /** A payment token for the purchase, or a problem to show the buyer. */
  token(): Promise<{ token: string } | { problem: string }>;
  /** Lets the buyer's bank authenticate the charge (3-D Secure); answers a problem, or null when done. */
  authenticate(clientSecret: string): Promise<string | null>;
}

function testCards(): CardInput {
  const card = h(
    'select',
    { 'aria-label': 'Test card', 'data-testid': 'card' },
    h('option', { value: 'tok_visa' }, 'Test card: Visa (succeeds)'),
    h('option', { value: 'tok_chargeDeclined' }, 'Test card: declined'),
  );
  return {
    element: card,
    token: async () => ({ token: card.value }),
    authenticate: async () => 'This test card cannot be authenticated.',
  };
}

function stripeCard(publishableKey: string, box: HTMLElement): CardInput {
  let stripe: Stripe | null = null;
  let field: StripeCardElement | null = null;
  const ready = loadStripe(publishableKey).then((loaded) => {
    if (loaded) {
      stripe = loaded;
      field = loaded.elements().create('card', { hidePostalCode: true });
      field.mount(box);
    }
  });
  return {
    element: box,
    token: async () => {
      await ready.catch(() => undefined);
      if (!stripe || !field) {
        return { problem: 'The card form could not be loaded; check the connection and reload the page.' };
      }
      const made = await stripe.createPaymentMethod({ type: 'card', card: field });
      return made.paymentMethod ? { token: made.paymentMethod.id } : { problem: made.error?.message ?? 'The card was not accepted.' };
    },
    authenticate: async (clientSecret) => {
      if (!stripe) {
        return 'The card form could not be loaded.';
      }
      const done = await stripe.handleNextAction({ clientSecret });
      return done.error ? done.error.message ?? 'The bank did not confirm the payment.' : null;
    },
  };
}

export interface PayCallbacks {
  /** The hold to pay for, if one is shown. */
  current(): HoldView | null;
  /** The hold became this order. */
  purchased(order: OrderView): void;
  /** The hold is gone on the server; say why. */
  gone(text: string): void;
}

/**
 * Paying for the current hold: the card to pay with (Stripe's card field, or the simulator's test
 * cards) and the Pay button. A card that needs 3-D Secure is authenticated in Stripe's dialog, then
 * the purchase is asked again with the same Idempotency-Key, which answers the order.
 */
export function payControls(ctx: EventContext, callbacks: PayCallbacks): { card: HTMLElement; button: HTMLButtonElement } {
  const keys = new PurchaseKeys();
  const box = h('div', { class: 'card-input', 'data-testid': 'card-input' });
  let input: CardInput = testCards();
  box.append(input.element);
  get<PaymentConfig>('/api/v1/payments/config')
    .then((config) => {
      if (config.gateway === 'stripe' && config.publishableKey) {
        const field = h('div', { class: 'stripe-card', 'data-testid': 'stripe-card' });
        input = stripeCard(config.publishableKey, field);
        box.replaceChildren(h('label', { class: 'field' }, h('span', {}, 'Card')), field);
      }
    })
    .catch(() => {});
  const button = h('button', { class: 'primary', type: 'button', 'data-testid': 'pay' }, 'Pay');

  button.addEventListener('click', async () => {
    const hold = callbacks.current();
    if (!hold) {
      return;
    }
    button.disabled = true;
    try {
      const card = await input.token();
      if ('problem' in card) {
        ctx.say(card.problem, true);
        return;
      }
      const purchase = () => call<OrderView>('POST', `/api/v1/holds/${hold.holdId}/purchase`, {
        body: { paymentToken: card.token },
        headers: { 'Idempotency-Key': keys.of(hold.holdId) },
      });
      let answer;
      try {
        answer = await purchase();
      } catch (problem) {
        const clientSecret = actionRequired(problem);
        if (!clientSecret) {
          throw problem;
        }
        const refused = await input.authenticate(clientSecret);
        if (refused) {
          keys.forget();
          ctx.say(refused, true);
          return;
        }
        // the same key: the server finds the authenticated PaymentIntent and answers the order
        answer = await purchase();
      }
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

  return { card: box, button };
}
