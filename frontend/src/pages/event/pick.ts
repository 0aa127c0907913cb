import { ApiProblem, call, explain } from '../../api';
import { h } from '../../dom';
import { STATUS_WORDS, formatMoney, holdable, type Money } from '../../seatMap';
import { setAdmission } from '../../session';
import type { HoldView } from '../types';
import { bestAvailable } from './best';
import { admissionHeaders, signedIn, type EventContext } from './context';


/** What choosing a seat on the map or in the list does. */
export type PickStep = 'standing' | 'holding' | 'removed' | 'taken' | 'limit' | 'added';

/**
 * Decides what choosing a seat does: a standing place is chosen by quantity instead, nothing is
 * picked while a hold is shown, a picked seat is put back, and a free one is added up to the limit.
 */
export function pickStep(seat: { standing: boolean; picked: boolean; free: boolean }, pick: { holding: boolean; count: number; max: number }): PickStep {
  if (seat.standing) {
    return 'standing';
  }
  if (pick.holding) {
    return 'holding';
  }
  if (seat.picked) {
    return 'removed';
  }
  if (!seat.free) {
    return 'taken';
  }
  return pick.count >= pick.max ? 'limit' : 'added';
}

/** The total line and the hold button of a pick with these seats' prices. */
export function pickSummary(prices: Money[], holding: boolean): { total: string; holdLabel: string; holdDisabled: boolean } {
  const count = prices.length;
  const sum = prices.reduce((acc, price) => acc + price.amountMinor, 0);
  return {
    total: count ? `Total ${formatMoney({ amountMinor: sum, currency: prices[0].currency })}` : 'Pick seats on the map or in the list.',
    holdLabel: count ? `Hold ${count} seat${count > 1 ? 's' : ''}` : 'Hold seats',
    holdDisabled: count === 0 || holding,
  };
}

/** What to say when seats of the pick were just taken by someone else. */
export function takenText(seatIds: string[]): string {
  return `Sorry, ${seatIds.join(', ')} ${seatIds.length > 1 ? 'were' : 'was'} just taken by someone else.`;
}

export interface PickCallbacks {
  /** Whether a hold is shown (then nothing is picked). */
  holding(): boolean;
  /** The server held seats for the buyer (the pick's, or the best available). */
  held(hold: HoldView): void;
  /** Best available held nothing; offer the waitlist when a section has not enough seats together. */
  bestFailed(offerWaitlist: boolean): void;
  /** The pick changed. */
  changed(): void;
}

export interface PickPanel {
  readonly element: HTMLElement;
  /** Picks or puts back a seat (from the map or the list). */
  toggle(seat: number): void;
  /** Tells screen readers about the seat under the map's keyboard cursor. */
  focus(seat: number): void;
  render(): void;
  /** Drops the seats of the pick that these changes took, and says so. */
  dropTaken(changed: number[]): void;
  /** What the best-available form asks for (the waitlist asks for the same). */
  choice(): { sectionCode: string; quantity: number };
}

/**
 * The buyer's pick: the seats chosen on the map or in the list, their total and the hold button,
 * and below them the best-available form, which holds seats together without picking them
 * (`formExtras`, the waitlist's controls, go into that form).
 */
export function pickPanel(ctx: EventContext, selected: Set<number>, callbacks: PickCallbacks, formExtras: Node[]): PickPanel {
  const { event, map } = ctx;
  const sections = map.layout.sections;
  const selection = h('ul', { class: 'selection', 'aria-label': 'Seats you picked' });
  const total = h('p', { class: 'total' });
  const holdButton = h('button', { class: 'primary', type: 'button', 'data-testid': 'hold' }, 'Hold seats');
  const best = bestAvailable(ctx, selected, { held: callbacks.held, failed: callbacks.bestFailed, done: () => render() }, formExtras);
  const element = h('section', { class: 'panel', 'aria-label': 'Your pick' }, h('h2', {}, 'Your pick'), selection, total, holdButton,
    best.element);

  function toggle(seat: number) {
    const area = sections[map.section[seat]];
    const step = pickStep({ standing: !!area.capacity, picked: selected.has(seat), free: holdable(map.status[seat]) },
      { holding: callbacks.holding(), count: selected.size, max: event.maxTicketsPerUser });
    switch (step) {
      case 'standing':
        best.choose(area.code);
        ctx.say(`${area.name} is standing room: choose how many places and press Best available.`);
        return;
      case 'holding':
        ctx.say('You already hold seats: pay for them or release them first.');
        return;
      case 'taken':
        ctx.announce(`${map.describe(seat)} is ${STATUS_WORDS[map.statusOf(seat)]}`);
        return;
      case 'limit':
        ctx.say(`You can pick at most ${event.maxTicketsPerUser} seats.`);
        return;
      case 'removed':
        selected.delete(seat);
        ctx.announce(`${map.describe(seat)} removed from your pick`);
        break;
      case 'added':
        selected.add(seat);
        ctx.announce(`${map.describe(seat)} added to your pick`);
        break;
    }
    ctx.repaint([seat]);
    render();
  }

  function render() {
    selection.replaceChildren(
      ...[...selected].map((seat) =>
        h('li', {}, `${map.ids[seat]} · ${formatMoney(map.price(seat))} `,
          h('button', { type: 'button', class: 'link', 'aria-label': `Remove ${map.describe(seat)}`, onclick: () => toggle(seat) }, 'remove')),
      ),
    );
    const summary = pickSummary([...selected].map((seat) => map.price(seat)), callbacks.holding());
    total.textContent = summary.total;
    holdButton.disabled = summary.holdDisabled;
    holdButton.textContent = summary.holdLabel;
    callbacks.changed();
  }

  function dropTaken(changed: number[]) {
    const lost = changed.filter((seat) => selected.has(seat) && !holdable(map.status[seat]));
    for (const seat of lost) {
      selected.delete(seat);
    }
    if (lost.length) {
      ctx.say(takenText(lost.map((seat) => map.ids[seat])), true);
      render();
    }
  }

  holdButton.addEventListener('click', async () => {
    if (!signedIn(ctx)) {
      return;
    }
    const seatIds = [...selected].map((seat) => map.ids[seat]);
    holdButton.disabled = true;
    try {
      const answer = await call<HoldView>('POST', `/api/v1/events/${event.eventId}/holds`, {
        body: { seatIds },
        headers: admissionHeaders(event.eventId),
      });
      selected.clear();
      callbacks.held(answer.body);
      ctx.say(`Held ${seatIds.length} seat${seatIds.length > 1 ? 's' : ''}. Pay before the countdown ends.`);
    } catch (problem) {
      ctx.say(explain(problem), true);
      if (problem instanceof ApiProblem && problem.slug === 'admission-required') {
        setAdmission(event.eventId, null);
        ctx.navigate(`/events/${event.eventId}/queue`);
      } else if (problem instanceof ApiProblem && problem.slug === 'seat-unavailable') {
        for (const id of (problem.body.unavailableSeatIds as string[]) ?? []) {
          selected.delete(map.indexOf(id));
        }
      }
    } finally {
      render();
      ctx.redraw();
    }
  });

  function focus(seat: number) {
    ctx.announce(`${map.describe(seat)}, ${STATUS_WORDS[map.statusOf(seat)]}, ${formatMoney(map.price(seat))}`);
  }

  return { element, toggle, focus, render, dropTaken, choice: best.choice };
}
