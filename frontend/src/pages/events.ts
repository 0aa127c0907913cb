import { explain, get } from '../api';
import { formatDate, h } from '../dom';
import type { EventView, Page } from './types';

/** The list of events, each a link to its seat map. */
export const eventsPage: Page = (container) => {
  const list = h('ul', { class: 'event-list', 'aria-busy': 'true' });
  container.append(h('h1', {}, 'Events'), list);
  get<EventView[]>('/api/v1/events')
    .then((events) => {
      list.removeAttribute('aria-busy');
      if (events.length === 0) {
        list.append(h('li', {}, 'No events yet.'));
      }
      const now = Date.now();
      for (const event of events) {
        const onSale = Date.parse(event.onSaleAt) <= now && now < Date.parse(event.startsAt);
        list.append(
          h(
            'li',
            { class: 'event-card' },
            h('a', { href: `/events/${event.eventId}`, 'data-link': true }, event.name),
            h('span', { class: 'muted' }, ` ${event.venueName} · ${formatDate(event.startsAt)}`),
            h(
              'span',
              { class: `badge ${onSale ? 'on-sale' : ''}` },
              onSale ? 'On sale' : Date.parse(event.onSaleAt) > now ? `On sale ${formatDate(event.onSaleAt)}` : 'Sales closed',
            ),
            event.queue.enabled ? h('span', { class: 'badge queue' }, 'Waiting room') : null,
          ),
        );
      }
    })
    .catch((problem) => {
      list.removeAttribute('aria-busy');
      list.append(h('li', { role: 'alert' }, explain(problem)));
    });
  return () => {};
};
