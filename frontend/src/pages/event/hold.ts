import { call, currentUser, explain, get, serverNow } from '../../api';
import { formatCountdown, h } from '../../dom';
import { formatMoney } from '../../seatMap';
import { heldId, setHeldId } from '../../session';
import type { HoldView } from '../types';
import { EXPIRED, isGone, type EventContext } from './context';

/** What the countdown shows at `now`, whether it says the seconds left out loud, and whether time is up. */
export function countdownStep(expiresAt: string, now: number, lastAnnounced: number): { text: string; announce: number | null; over: boolean } {
  const left = Date.parse(expiresAt) - now;
  const seconds = Math.ceil(left / 1000);
  return {
    text: `Held for ${formatCountdown(left)}`,
    announce: (seconds === 60 || seconds === 10) && seconds !== lastAnnounced ? seconds : null,
    over: left <= 0,
  };
}

/** How a hold whose seats stopped being held ended, from the server's answer about it. */
export type HoldEnd = { kind: 'active' } | { kind: 'purchased'; orderId: string } | { kind: 'expired' } | { kind: 'released' };

export function holdEnd(answer: Pick<HoldView, 'status' | 'orderId'>): HoldEnd {
  if (answer.status === 'ACTIVE') {
    return { kind: 'active' };
  }
  if (answer.status === 'PURCHASED' && answer.orderId) {
    return { kind: 'purchased', orderId: answer.orderId };
  }
  return answer.status === 'EXPIRED' ? { kind: 'expired' } : { kind: 'released' };
}

export interface HoldCallbacks {
  /** A hold is shown now (true), or no longer (false). */
  shown(holding: boolean): void;
}

export interface HoldPanel {
  readonly element: HTMLElement;
  current(): HoldView | null;
  /** Shows a hold the server made or has, with its countdown. */
  show(value: HoldView): void;
  /** Back to picking, saying why. */
  clear(text: string | null, isProblem?: boolean): void;
  /** Forgets the hold without a word (it was bought: the page moves on to the order). */
  forget(): void;
  /** Asks the server how the hold ended when these changes took its seats out of held. */
  seatsChanged(changed: number[]): void;
  /** Shows the hold this tab had before a reload, if it is still held. */
  restore(): void;
  stop(): void;
}

/**
 * The current hold: its seats (drawn as the buyer's own on the map), total and countdown, and
 * the release button. Paying is its own part; its card choice and button come in as `pay`.
 */
export function holdPanel(ctx: EventContext, mine: Set<number>, pay: { card: Node; button: Node }, callbacks: HoldCallbacks): HoldPanel {
  const { event, map } = ctx;
  let hold: HoldView | null = null;
  let countdown = 0;
  let lastAnnounced = -1;
  const timer = h('p', { class: 'countdown', 'data-testid': 'countdown', role: 'timer' });
  const seats = h('ul', { class: 'selection' });
  const release = h('button', { type: 'button', 'data-testid': 'release' }, 'Release');
  const element = h('section', { class: 'panel', 'aria-label': 'Your hold', hidden: true },
    h('h2', {}, 'Your hold'), seats, timer, pay.card, h('div', { class: 'actions' }, pay.button, release));

  function show(value: HoldView) {
    hold = value;
    lastAnnounced = -1;
    setHeldId(event.eventId, value.holdId);
    mine.clear();
    for (const id of value.seatIds) {
      mine.add(map.indexOf(id));
    }
    // each seat at the price locked into the hold (what paying charges), if the hold says
    const locked = new Map((value.prices ?? []).map((price) => [price.seatId, price.price]));
    seats.replaceChildren(
      ...value.seatIds.map((id) => {
        const price = locked.get(id);
        return h('li', { 'data-testid': 'hold-seat' }, price ? `${id} · ${formatMoney(price)}` : id);
      }),
      h('li', { class: 'total', 'data-testid': 'hold-total' }, `Total ${formatMoney(value.total)}`),
    );
    element.hidden = false;
    callbacks.shown(true);
    tick();
    window.clearInterval(countdown);
    countdown = window.setInterval(tick, 250);
    ctx.redraw();
  }

  function clear(text: string | null, isProblem = false) {
    forget();
    window.clearInterval(countdown);
    mine.clear();
    element.hidden = true;
    callbacks.shown(false);
    ctx.redraw();
    if (text) {
      ctx.say(text, isProblem);
    }
  }

  function forget() {
    hold = null;
    setHeldId(event.eventId, null);
  }

  function tick() {
    if (!hold) {
      return;
    }
    const step = countdownStep(hold.expiresAt, serverNow(), lastAnnounced);
    timer.textContent = step.text;
    if (step.announce !== null) {
      lastAnnounced = step.announce;
      ctx.announce(`${step.announce} seconds left to pay`);
    }
    if (step.over) {
      clear(EXPIRED, true);
    }
  }

  /** Our seats stopped being held (the countdown ran out on the server, or another tab acted). */
  function ended(holdId: string) {
    get<HoldView>(`/api/v1/holds/${holdId}`)
      .then((value) => {
        if (hold?.holdId !== holdId) {
          return;
        }
        const end = holdEnd(value);
        if (end.kind === 'purchased') {
          ctx.navigate(`/orders/${end.orderId}`);
        } else if (end.kind === 'expired') {
          clear(EXPIRED, true);
        } else if (end.kind === 'released') {
          clear('Your hold was released.');
        }
      })
      .catch(() => {});
  }

  release.addEventListener('click', async () => {
    if (!hold) {
      return;
    }
    try {
      await call('DELETE', `/api/v1/holds/${hold.holdId}`);
      clear('Seats released.');
    } catch (problem) {
      if (isGone(problem)) {
        clear(explain(problem), true);
      } else {
        ctx.say(explain(problem), true);
      }
    }
  });

  return {
    element,
    current: () => hold,
    show,
    clear,
    forget,
    seatsChanged(changed) {
      if (hold && changed.some((seat) => mine.has(seat) && map.status[seat] !== 1)) {
        ended(hold.holdId);
      }
    },
    restore() {
      const restoring = heldId(event.eventId);
      if (restoring && currentUser()) {
        get<HoldView>(`/api/v1/holds/${restoring}`)
          .then((value) => (value.status === 'ACTIVE' ? show(value) : setHeldId(event.eventId, null)))
          .catch(() => setHeldId(event.eventId, null));
      }
    },
    stop: () => window.clearInterval(countdown),
  };
}
