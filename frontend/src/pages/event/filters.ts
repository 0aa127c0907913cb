import { h } from '../../dom';
import { formatMoney, type SeatMap } from '../../seatMap';

/** What the buyer narrows the map to: a top price, wheelchair places, a number of seats together. */
export interface MapFilter {
  /** In minor units; none: any price. */
  maxPrice?: number;
  /** Only wheelchair places and companion seats. */
  accessible: boolean;
  /** Only free seats in runs of at least this many adjacent free seats (1: any). */
  together: number;
}

/**
 * Which seats a filter shows (1) and which it fades (0), or null when it shows everything. Seats
 * together are adjacent in a row, not across an aisle, and of the kind the buyer asked for.
 */
export function matching(map: SeatMap, filter: MapFilter): Uint8Array | null {
  if (filter.maxPrice === undefined && !filter.accessible && filter.together <= 1) {
    return null;
  }
  const shown = new Uint8Array(map.size);
  const kind = (i: number) => (map.category[i] === 1 || map.category[i] === 2) === filter.accessible;
  const fits = (i: number) =>
    (filter.maxPrice === undefined || map.price(i).amountMinor <= filter.maxPrice) && (!filter.accessible || kind(i));
  for (let i = 0; i < map.size; i++) {
    shown[i] = fits(i) ? 1 : 0;
  }
  if (filter.together > 1) {
    let first = 0;
    for (const row of map.rows) {
      const n = row.seatIds.length;
      const aisles = new Set(row.gapsAfter ?? []);
      let start = 0;
      const close = (end: number) => {
        for (let j = start; j < end; j++) {
          shown[first + j] = end - start >= filter.together ? 1 : 0;
        }
      };
      for (let k = 0; k < n; k++) {
        const usable = map.status[first + k] === 0 && shown[first + k] === 1 && kind(first + k);
        if (aisles.has(k)) {
          close(k);
          start = k;
        }
        if (!usable) {
          close(k);
          shown[first + k] = 0;
          start = k + 1;
        }
      }
      close(n);
      first += n;
    }
  }
  return shown;
}

/** The filter's controls: a top price from the event's tiers, wheelchair places, seats together. */
export function filterControls(map: SeatMap, changed: (filter: MapFilter) => void): HTMLElement {
  const prices = [...new Set(map.tiers.map((tier) => tier.price.amountMinor))].sort((a, b) => a - b);
  const price = h('select', { 'aria-label': 'Top price', 'data-testid': 'filter-price' },
    h('option', { value: '' }, 'Any price'),
    ...prices.map((minor) => h('option', { value: minor }, `Up to ${formatMoney({ amountMinor: minor, currency: map.tiers[0].price.currency })}`)));
  const accessible = h('input', { type: 'checkbox', 'data-testid': 'filter-accessible' });
  const together = h('input', { type: 'number', min: 1, max: 20, value: 1, class: 'quantity', 'aria-label': 'Seats together', 'data-testid': 'filter-together' });
  const update = () => changed({
    maxPrice: price.value === '' ? undefined : Number(price.value),
    accessible: accessible.checked,
    together: Math.max(1, Number(together.value) || 1),
  });
  price.addEventListener('change', update);
  accessible.addEventListener('change', update);
  together.addEventListener('change', update);
  const hasAccessible = map.category.some((c) => c === 1);
  return h('div', { class: 'filters', role: 'group', 'aria-label': 'Show only' },
    prices.length > 1 ? price : null,
    hasAccessible ? h('label', { class: 'check' }, accessible, ' Wheelchair places') : null,
    h('label', { class: 'check' }, together, ' seats together'));
}
