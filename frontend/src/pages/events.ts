import { call, explain } from '../api';
import { formatDate, h } from '../dom';
import type { EventView, Page } from './types';

/** An event's sale badge at `now`: on sale (from its sale start until it starts), coming, or closed. */
export function saleBadge(event: Pick<EventView, 'onSaleAt' | 'startsAt'>, now: number): { onSale: boolean; text: string } {
  if (Date.parse(event.onSaleAt) > now) {
    return { onSale: false, text: `On sale ${formatDate(event.onSaleAt)}` };
  }
  return now < Date.parse(event.startsAt) ? { onSale: true, text: 'On sale' } : { onSale: false, text: 'Sales closed' };
}

/** What the event list is filtered by, as the page's address keeps it (so a search can be shared). */
export interface Filters {
  q: string;
  city: string;
  from: string;
  to: string;
  /** In major units (euros), as typed. */
  maxPrice: string;
  available: boolean;
  sort: string;
}

const EMPTY: Filters = { q: '', city: '', from: '', to: '', maxPrice: '', available: false, sort: '' };

/** Events per page of the list. */
export const PAGE_SIZE = 20;

/** The filters an address asks for (`/?q=jazz&city=Lisbon`). */
export function filtersOf(search: URLSearchParams): Filters {
  return {
    q: search.get('q') ?? '',
    city: search.get('city') ?? '',
    from: search.get('from') ?? '',
    to: search.get('to') ?? '',
    maxPrice: search.get('maxPrice') ?? '',
    available: search.get('available') === 'true',
    sort: search.get('sort') ?? '',
  };
}

/** The page's own address for these filters: only what is set, so the plain list stays `/`. */
export function addressOf(filters: Filters): string {
  const params = new URLSearchParams();
  for (const key of ['q', 'city', 'from', 'to', 'maxPrice', 'sort'] as const) {
    const value = filters[key].trim();
    if (value) {
      params.set(key, value);
    }
  }
  if (filters.available) {
    params.set('available', 'true');
  }
  const query = params.toString();
  return query ? `/?${query}` : '/';
}

/**
 * The API request for one page: the price in minor units, a search of one letter left out (it
 * would match a whole word only, which surprises someone still typing).
 */
export function requestOf(filters: Filters, cursor: string | null): string {
  const params = new URLSearchParams();
  const q = filters.q.trim();
  if (q.replace(/[^\p{L}\p{N}]/gu, '').length >= 2) {
    params.set('q', q);
  }
  for (const key of ['city', 'from', 'to', 'sort'] as const) {
    const value = filters[key].trim();
    if (value) {
      params.set(key, value);
    }
  }
  const price = Number.parseFloat(filters.maxPrice);
  if (filters.maxPrice.trim() && Number.isFinite(price) && price >= 0) {
    params.set('maxPrice', String(Math.round(price * 100)));
  }
  if (filters.available) {
    params.set('available', 'true');
  }
  params.set('limit', String(PAGE_SIZE));
  if (cursor) {
    params.set('cursor', cursor);
  }
  return `/api/v1/events?${params.toString()}`;
}

function card(event: EventView, now: number): HTMLElement {
  const badge = saleBadge(event, now);
  return h(
    'li',
    { class: 'event-card' },
    h('a', { href: `/events/${event.eventId}`, 'data-link': true }, event.name),
    event.performer ? h('span', { class: 'performer' }, event.performer) : null,
    h('span', { class: 'muted' }, ` ${event.venueName}${event.city ? `, ${event.city}` : ''} · ${formatDate(event.startsAt)}`),
    h('span', { class: `badge ${badge.onSale ? 'on-sale' : ''}` }, badge.text),
    event.queue.enabled ? h('span', { class: 'badge queue' }, 'Waiting room') : null,
  );
}

/** The list of events, each a link to its seat map: searched, filtered, and paged by "More events". */
export const eventsPage: Page = (container) => {
  let filters = filtersOf(new URLSearchParams(location.search));
  const list = h('ul', { class: 'event-list', 'aria-busy': 'true', 'aria-live': 'polite' });
  const more = h('button', { type: 'button', class: 'more', hidden: true }, 'More events');
  const input = (name: keyof Filters, label: string, type: string, extra: Record<string, unknown> = {}) =>
    h('label', {}, label, ' ', h('input', { name, type, value: String(filters[name] || ''), ...extra }));
  const form = h(
    'form',
    { class: 'event-search', role: 'search', onsubmit: (e: Event) => e.preventDefault() },
    h('input', { name: 'q', type: 'search', 'aria-label': 'Search events', placeholder: 'Search events, performers, venues, cities', value: filters.q }),
    input('city', 'City', 'text'),
    input('from', 'From', 'date'),
    input('to', 'To', 'date'),
    input('maxPrice', 'Max price', 'number', { min: 0, step: 1, inputmode: 'decimal' }),
    h('label', {}, h('input', { name: 'available', type: 'checkbox', checked: filters.available }), ' Tickets left'),
    h('label', {}, 'Sort ', h('select', { name: 'sort' },
      ...[['', 'Best'], ['startsAt', 'Date'], ['name', 'Name'], ['price', 'Price']].map(([value, text]) =>
        h('option', { value, selected: filters.sort === value }, text)))),
  );
  container.append(h('h1', {}, 'Events'), form, list, more,
    h('p', { class: 'muted' }, 'Organizers: ', h('a', { href: '/admin/events', 'data-link': true }, 'your events and their sales'),
      ' · ', h('a', { href: '/admin/venues', 'data-link': true }, 'venues and the chart designer')));

  let generation = 0;
  let next: string | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const load = (append: boolean) => {
    const mine = ++generation;
    list.setAttribute('aria-busy', 'true');
    more.disabled = true;
    call<EventView[]>('GET', requestOf(filters, append ? next : null))
      .then(({ body: events, headers }) => {
        if (mine !== generation) {
          return; // a newer search answered, or will
        }
        list.removeAttribute('aria-busy');
        if (!append) {
          list.replaceChildren();
        }
        const now = Date.now();
        list.append(...events.map((event) => card(event, now)));
        if (list.childElementCount === 0) {
          list.append(h('li', {}, addressOf(filters) === '/' ? 'No events yet.' : 'No events match.'));
        }
        next = headers?.get('X-Next-Cursor') ?? null;
        more.hidden = next === null;
        more.disabled = false;
      })
      .catch((problem) => {
        if (mine !== generation) {
          return;
        }
        list.removeAttribute('aria-busy');
        list.replaceChildren(h('li', { role: 'alert' }, explain(problem)));
        more.hidden = true;
      });
  };

  const changed = () => {
    const data = new FormData(form);
    const before = addressOf(filters);
    filters = {
      ...EMPTY,
      q: String(data.get('q') ?? ''),
      city: String(data.get('city') ?? ''),
      from: String(data.get('from') ?? ''),
      to: String(data.get('to') ?? ''),
      maxPrice: String(data.get('maxPrice') ?? ''),
      available: data.get('available') !== null,
      sort: String(data.get('sort') ?? ''),
    };
    if (addressOf(filters) === before) {
      return; // a field's change event after its input events (on leaving it): nothing new
    }
    // the address keeps the search, so it can be shared and survives a reload
    history.replaceState(null, '', addressOf(filters));
    // the list shown is no longer the one asked for: no paging on through it
    generation++;
    list.setAttribute('aria-busy', 'true');
    more.hidden = true;
    clearTimeout(timer);
    timer = setTimeout(() => load(false), 250);
  };
  form.addEventListener('input', changed);
  form.addEventListener('change', changed);
  more.addEventListener('click', () => load(true));
  load(false);
  return () => {
    clearTimeout(timer);
    generation++;
  };
};
