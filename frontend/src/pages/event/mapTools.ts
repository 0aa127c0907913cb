import { h } from '../../dom';
import { COLORS } from '../../mapView';
import { formatMoney, type SeatMapLayout } from '../../seatMap';
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

/** What the map's colours mean: each section's price, then held, sold, blocked and the buyer's own. */
export function legend(layout: SeatMapLayout): HTMLElement {
  return h(
    'ul',
    { class: 'legend', 'aria-label': 'Legend' },
    ...layout.sections.map((section, s) =>
      h('li', {}, swatch(COLORS.tiers[s % COLORS.tiers.length]),
        `${section.name}: ${formatMoney(section.price)} (free${section.capacity ? ', standing' : ''})`),
    ),
    h('li', {}, swatch(COLORS.held), 'Held'),
    h('li', {}, swatch(COLORS.sold), 'Sold'),
    h('li', {}, swatch(COLORS.blocked), 'Not for sale'),
    h('li', {}, swatch(COLORS.mine), 'Yours'),
  );
}

function swatch(colour: string): HTMLElement {
  return h('span', { class: 'swatch', style: `background:${colour}`, 'aria-hidden': 'true' });
}
