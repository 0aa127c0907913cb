import { h } from '../../dom';
import { COLORS } from '../../mapView';
import { CATEGORY_WORDS, STATUS_WORDS, formatMoney, type SeatMap } from '../../seatMap';
import type { Connection } from '../../seatStream';

/** What the connection badge says in each state of the seat stream. */
export const CONNECTION_WORDS: Record<Connection, string> = {
  connecting: 'connecting…', live: 'live', reconnecting: 'reconnecting…', closed: 'offline', gone: 'event gone',
};

/** The map's buttons: zoom (as the canvas's own +/- keys), fit, and whatever else goes beside them. */
export function toolbar(canvas: HTMLCanvasElement, fit: () => void, ...extras: HTMLElement[]): HTMLElement {
  const key = (k: string) => canvas.dispatchEvent(new KeyboardEvent('keydown', { key: k }));
  return h(
    'div',
    { class: 'toolbar' },
    h('button', { type: 'button', 'aria-label': 'Zoom in', onclick: () => key('+') }, '+'),
    h('button', { type: 'button', 'aria-label': 'Zoom out', onclick: () => key('-') }, '−'),
    h('button', { type: 'button', onclick: fit }, 'Fit'),
    ...extras,
  );
}

/**
 * What the map's colours and marks mean: each price tier's price and where it is, the kinds of
 * place the venue has, then held, sold, blocked and the buyer's own.
 */
export function legend(map: SeatMap): HTMLElement {
  const standing = new Set(map.layout.sections.filter((section) => section.capacity).map((section) => section.name));
  const kinds = new Set(Array.from(map.category).filter((c) => c > 0));
  return h(
    'ul',
    { class: 'legend', 'aria-label': 'Legend' },
    ...map.tiers.map((tier, t) =>
      h('li', { 'data-testid': `legend-tier-${tier.name}` }, swatch(COLORS.tiers[t % COLORS.tiers.length]),
        `${tier.places.join(', ')}: ${formatMoney(tier.price)} (free${tier.places.some((p) => standing.has(p)) ? ', standing' : ''})`,
        tier.note ? h('span', { class: 'price-note' }, ` · ${tier.note}`) : ''),
    ),
    ...[1, 2, 3].filter((kind) => kinds.has(kind)).map((kind) =>
      h('li', { 'data-testid': `legend-${CATEGORY_WORDS[kind].replace(' ', '-')}` }, mark(kind), CATEGORY_WORDS[kind][0].toUpperCase() + CATEGORY_WORDS[kind].slice(1))),
    h('li', { 'data-testid': 'legend-resale' }, swatch(COLORS.resale), 'For resale'),
    h('li', {}, swatch(COLORS.held), 'Held'),
    h('li', {}, swatch(COLORS.sold), 'Sold'),
    h('li', {}, swatch(COLORS.blocked), 'Not for sale'),
    h('li', {}, swatch(COLORS.mine), 'Yours'),
  );
}

/** A seat's mark for a kind of place, as the map draws it on a free seat. */
function mark(kind: number): HTMLElement {
  return h('span', { class: `swatch mark-${kind}`, style: `background:${COLORS.tiers[0]}`, 'aria-hidden': 'true' });
}

function swatch(colour: string): HTMLElement {
  return h('span', { class: 'swatch', style: `background:${colour}`, 'aria-hidden': 'true' });
}

/** A small panel over the map: the seat under the pointer or the keyboard cursor, its row, section, price, kind and status. */
export function seatTip(map: SeatMap): { element: HTMLElement; show(seat: number, at: { x: number; y: number }): void; hide(): void; refresh(): void } {
  const element = h('div', { class: 'seat-tip', 'data-testid': 'seat-tip', hidden: true, 'aria-hidden': 'true' });
  let current = -1;
  const render = () => {
    element.replaceChildren(
      h('strong', {}, map.describe(current)),
      h('br'),
      `${formatMoney(map.price(current))} · ${STATUS_WORDS[map.statusOf(current)]}`,
    );
  };
  return {
    element,
    show(seat, at) {
      current = seat;
      render();
      element.hidden = false;
      element.style.left = `${Math.round(at.x + 12)}px`;
      element.style.top = `${Math.round(at.y + 12)}px`;
    },
    hide() {
      current = -1;
      element.hidden = true;
    },
    refresh() {
      if (current >= 0) {
        render();
      }
    },
  };
}
