import { explain, get } from '../api';
import { formatDate, h } from '../dom';
import type { EventView, Page } from './types';

/** An event's sale badge at `now`: on sale (from its sale start until it starts), coming, or closed. */
export function saleBadge(event: Pick<EventView, 'onSaleAt' | 'startsAt'>, now: number): { onSale: boolean; text: string } {
  if (Date.parse(event.onSaleAt) > now) {
    return { onSale: false, text: `On sale ${formatDate(event.onSaleAt)}` };
  }
  return now < Date.parse(event.startsAt) ? { onSale: true, text: 'On sale' } : { onSale: false, text: 'Sales closed' };
}

/** The list of events, each a link to its seat map. */
export const eventsPage: Page = (container) => {
  const list = h('ul', { class: 'event-list', 'aria-busy': 'true' });
  container.append(h('h1', {}, 'Events'), list,
    h('p', { class: 'muted' }, 'Organizers: ', h('a', { href: '/admin/events', 'data-link': true }, 'your events and their sales'),
      ' · ', h('a', { href: '/admin/venues', 'data-link': true }, 'venues and the chart designer')));
  get<EventView[]>('/api/v1/events')
    .then((events) => {
      list.removeAttribute('aria-busy');
      if (events.length === 0) {
        list.append(h('li', {}, 'No events yet.'));
      }
      const now = Date.now();
      list.append(...events.map((event) => {
        const badge = saleBadge(event, now);
        return h(
          'li',
          { class: 'event-card' },
          h('a', { href: `/events/${event.eventId}`, 'data-link': true }, event.name),
          h('span', { class: 'muted' }, ` ${event.venueName} · ${formatDate(event.startsAt)}`),
          h('span', { class: `badge ${badge.onSale ? 'on-sale' : ''}` }, badge.text),
          event.queue.enabled ? h('span', { class: 'badge queue' }, 'Waiting room') : null,
        );
      }));
    })
    .catch((problem) => {
      list.removeAttribute('aria-busy');
      list.append(h('li', { role: 'alert' }, explain(problem)));
    });
  return () => {};
};
