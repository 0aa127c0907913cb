import { ApiProblem, call, explain } from '../../api';
import { h } from '../../dom';
import { formatMoney } from '../../seatMap';
import type { HoldView } from '../types';
import { admissionHeaders, signedIn, type EventContext } from './context';

export interface BestCallbacks {
  /** The server held these seats together for the buyer. */
  held(hold: HoldView): void;
  /** Nothing was held; offer the waitlist when the chosen section has not enough seats together. */
  failed(offerWaitlist: boolean): void;
  /** The request is over, either way. */
  done(): void;
}

export interface BestForm {
  readonly element: HTMLElement;
  /** The section and number of seats the form asks for. */
  choice(): { sectionCode: string; quantity: number };
  /** Chooses a section and puts the cursor on the quantity (for a standing area picked on the map). */
  choose(sectionCode: string): void;
}

/**
 * Best available: how many seats, optionally in which section, and the server holds the best
 * ones together; the buyer's pick so far is dropped. `extras` go at the end of the form.
 */
export function bestAvailable(ctx: EventContext, selected: Set<number>, callbacks: BestCallbacks, extras: Node[]): BestForm {
  const { event, map } = ctx;
  const section = h('select', { 'aria-label': 'Section', 'data-testid': 'best-section' },
    h('option', { value: '' }, 'Any section'),
    ...map.layout.sections.map((area) => h('option', { value: area.code }, `${area.name} (${formatMoney(area.price)})`)));
  const quantity = h('input', { type: 'number', min: 1, max: event.maxTicketsPerUser, value: 2, 'aria-label': 'Number of seats',
    'data-testid': 'best-quantity', class: 'quantity' });
  const button = h('button', { type: 'button', 'data-testid': 'best' }, 'Best available');
  // a venue with wheelchair places offers one, with companion seats beside it for the rest
  const wheelchair = h('input', { type: 'checkbox', 'data-testid': 'best-wheelchair' });
  const accessible = map.category.includes(1)
    ? [h('label', { class: 'check' }, wheelchair, ' with a wheelchair place (the rest companion seats)')] : [];
  const element = h('div', { class: 'best' }, h('p', { class: 'muted' }, 'Or let us pick the best seats together:'),
    quantity, section, ...accessible, button, ...extras);

  function choice() {
    return { sectionCode: section.value, quantity: Number(quantity.value) };
  }

  button.addEventListener('click', async () => {
    if (!signedIn(ctx)) {
      return;
    }
    button.disabled = true;
    const { sectionCode, quantity: count } = choice();
    try {
      const answer = await call<HoldView>('POST', `/api/v1/events/${event.eventId}/holds/best-available`, {
        body: { quantity: count, ...(sectionCode ? { sectionCode } : {}), ...(wheelchair.checked ? { wheelchair: 1 } : {}) },
        headers: admissionHeaders(event.eventId),
      });
      ctx.repaint([...selected]);
      selected.clear();
      callbacks.held(answer.body);
      ctx.say(`We found ${answer.body.seatIds.join(', ')} for you. Pay before the countdown ends.`);
    } catch (problem) {
      const none = problem instanceof ApiProblem && problem.slug === 'no-seats-together';
      ctx.say(none ? 'There are not that many seats together right now. Try fewer seats, another section, or join the waitlist.'
        : explain(problem), true);
      callbacks.failed(none && !!section.value);
    } finally {
      button.disabled = false;
      callbacks.done();
    }
  });

  return {
    element,
    choice,
    choose(sectionCode) {
      section.value = sectionCode;
      quantity.focus();
    },
  };
}
