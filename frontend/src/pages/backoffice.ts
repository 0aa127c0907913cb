import { call, explain, get, token } from '../api';
import { formatDate, h } from '../dom';
import { SeatMap, formatMoney, type Money, type SeatMapLayout } from '../seatMap';
import { SeatStream, socketUrl } from '../seatStream';
import type { components } from '../generated/api';
import { saleControls } from './saleControls';
import type { EventView, Page } from './types';

type Schemas = components['schemas'];
type CreateEvent = Schemas['CreateEvent'];
type VenueSummary = Schemas['VenueSummary'];
type VenueView = Schemas['VenueView'];

/** An event's sales as `GET /events/{id}/sales` answers them. */
export interface SalesView {
  eventId: string;
  orders: number;
  tickets: number;
  revenue: Money;
  cancelledOrders: number;
  perMinute: { minute: string; orders: number; tickets: number; revenue: Money }[];
}

/** Every price tier of a venue, as an event on it must price them: sections', rows' and single seats'. */
export function venueTiers(venue: VenueView): string[] {
  const tiers = new Set<string>();
  for (const section of venue.sections) {
    tiers.add(section.priceTier);
    for (const row of section.rows ?? []) {
      if (row.priceTier) {
        tiers.add(row.priceTier);
      }
      Object.keys((row as { seatTiers?: Record<string, number[]> }).seatTiers ?? {}).forEach((tier) => tiers.add(tier));
    }
    for (const table of section.tables ?? []) {
      if (table.priceTier) {
        tiers.add(table.priceTier);
      }
    }
  }
  return [...tiers];
}

/** The seats of a map by status: free, held, sold, blocked. */
export function counts(map: SeatMap): { free: number; held: number; sold: number; blocked: number } {
  const by = [0, 0, 0, 0];
  for (let i = 0; i < map.size; i++) {
    by[map.status[i]]++;
  }
  return { free: by[0], held: by[1], sold: by[2], blocked: by[3] };
}

/**
 * Tickets sold per minute for the last `minutes` minutes up to `now`, from the server's minutes
 * plus those counted live since (keyed by the minute's start in epoch milliseconds).
 */
export function lastMinutes(sales: SalesView, live: Map<number, number>, now: number, minutes = 30): { minute: number; tickets: number }[] {
  const byMinute = new Map<number, number>();
  for (const m of sales.perMinute) {
    byMinute.set(Date.parse(m.minute), m.tickets);
  }
  live.forEach((tickets, minute) => byMinute.set(minute, (byMinute.get(minute) ?? 0) + tickets));
  const last = Math.floor(now / 60_000) * 60_000;
  return Array.from({ length: minutes }, (_, i) => {
    const minute = last - (minutes - 1 - i) * 60_000;
    return { minute, tickets: byMinute.get(minute) ?? 0 };
  });
}

/** The organizers' events: each with its sales page, and a form for a new one. */
export const eventsAdminPage: Page = (container) => {
  container.append(h('h1', {}, 'Events'),
    h('p', {}, h('a', { href: '/admin/events/new', 'data-link': true, 'data-testid': 'new-event' }, 'Put a new event on sale'),
      ' · ', h('a', { href: '/admin/venues', 'data-link': true }, 'Venues')));
  const list = h('ul', { class: 'venues', 'data-testid': 'admin-events' });
  container.append(list);
  get<EventView[]>('/api/v1/events')
    .then((events) => list.append(...events.map((event) => h('li', {},
      h('a', { href: `/admin/events/${event.eventId}`, 'data-link': true }, event.name),
      event.status === 'PUBLISHED' ? '' : h('span', { class: `badge ${event.status.toLowerCase()}` }, STATUS_NAMES[event.status]),
      ` · ${event.venueName} · ${formatDate(event.startsAt)} · `,
      h('a', { href: `/events/${event.eventId}`, 'data-link': true }, 'seat map')))))
    .catch((problem) => container.append(h('p', { role: 'alert' }, explain(problem))));
  return () => {};
};

/** What the organizers call each state of an event. */
const STATUS_NAMES: Record<EventView['status'], string> = { DRAFT: 'draft', PUBLISHED: 'on sale', CANCELLED: 'cancelled' };

/** ISO instant from a `datetime-local` value (the organizer's local time). */
const instant = (local: string) => new Date(local).toISOString();

/** A `datetime-local` value for an instant (in the organizer's local time). */
const localOf = (at: Date) => new Date(at.getTime() - at.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);

/** A `datetime-local` value `days` from now, on the hour. */
const localIn = (days: number) => {
  const at = new Date(Date.now() + days * 86_400_000);
  at.setMinutes(0, 0, 0);
  return localOf(at);
};

/** A new event on a venue: name, dates, a price for each of the venue's tiers, hold time, limits, queue, refunds. */
export const newEventPage: Page = (container, navigate) => {
  const message = h('div', { class: 'message', role: 'alert', 'data-testid': 'message' });
  const venue = h('select', { 'aria-label': 'Venue', 'data-testid': 'event-venue' });
  const name = h('input', { value: 'Opening night', 'data-testid': 'event-name' });
  const performer = h('input', { 'data-testid': 'event-performer' });
  const category = h('input', { placeholder: 'concert, theatre…', 'data-testid': 'event-category' });
  const startsAt = h('input', { type: 'datetime-local', value: localIn(30), 'data-testid': 'event-starts' });
  const onSaleAt = h('input', { type: 'datetime-local', value: localIn(0), 'data-testid': 'event-on-sale' });
  const currency = h('input', { value: 'EUR', size: 3, maxlength: 3, 'data-testid': 'event-currency' });
  const holdTtl = h('input', { type: 'number', min: 1, max: 3600, value: 600, 'data-testid': 'event-hold' });
  const maxTickets = h('input', { type: 'number', min: 1, max: 100, value: 8, 'data-testid': 'event-max' });
  const refundCutoff = h('input', { type: 'number', min: 0, max: 8760, value: 48, 'data-testid': 'event-refund' });
  const queue = h('input', { type: 'checkbox', 'data-testid': 'event-queue' });
  const draft = h('input', { type: 'checkbox', 'data-testid': 'event-draft' });
  const admit = h('input', { type: 'number', min: 1, value: 600, 'data-testid': 'event-admit' });
  const prices = h('div', { class: 'fields', 'data-testid': 'event-prices' });
  const create = h('button', { type: 'button', class: 'primary', 'data-testid': 'create-event' }, 'Put it on sale');
  const label = (text: string, input: HTMLElement) => h('label', { class: 'field' }, h('span', {}, text), input);
  container.append(h('h1', {}, 'A new event'), message,
    h('div', { class: 'designer-form' },
      h('fieldset', {}, h('legend', {}, 'Event'),
        h('div', { class: 'fields' }, label('Venue', venue), label('Name', name), label('Performer', performer),
          label('Category', category), label('Starts', startsAt), label('On sale from', onSaleAt))),
      h('fieldset', {}, h('legend', {}, 'Prices (per seat)'), h('div', { class: 'fields' }, label('Currency', currency)), prices),
      h('fieldset', {}, h('legend', {}, 'Rules'),
        h('div', { class: 'fields' }, label('Hold time (s)', holdTtl), label('Tickets per buyer', maxTickets),
          label('Refunds until (hours before)', refundCutoff),
          h('label', { class: 'check' }, queue, ' Waiting room'), label('Admitted per minute', admit))),
      h('p', {}, h('label', { class: 'check' }, draft, ' Save as a draft (not listed, not on sale until published)')),
      create));
  draft.addEventListener('change', () => { create.textContent = draft.checked ? 'Save the draft' : 'Put it on sale'; });

  async function showTiers(): Promise<void> {
    if (!venue.value) {
      return;
    }
    const asked = venue.value;
    if (prices.dataset.venue === asked) {
      return; // its tiers are shown already: keep what was typed in them
    }
    const view = await get<VenueView>(`/api/v1/venues/${asked}`);
    if (venue.value !== asked || prices.dataset.venue === asked) {
      return; // another venue was chosen meanwhile, or this one's tiers came first by another call
    }
    prices.dataset.venue = asked;
    prices.replaceChildren(...venueTiers(view).map((tier) =>
      label(`Tier ${tier}`, h('input', { type: 'number', min: 0, step: 0.01, value: '50.00', 'data-tier': tier, 'data-testid': `price-${tier}` }))));
  }
  venue.addEventListener('change', () => void showTiers());
  get<VenueSummary[]>('/api/v1/venues')
    .then((venues) => {
      venue.append(...venues.map((v) => h('option', { value: v.venueId }, `${v.name} (${v.city}, ${(v.seatCount ?? 0).toLocaleString()} seats)`)));
      return showTiers();
    })
    .catch((problem) => { message.textContent = explain(problem); });

  create.addEventListener('click', async () => {
    create.disabled = true;
    const body: CreateEvent = {
      venueId: venue.value,
      name: name.value.trim(),
      performer: performer.value.trim(),
      category: category.value.trim(),
      startsAt: instant(startsAt.value),
      onSaleAt: instant(onSaleAt.value),
      holdTtlSeconds: Number(holdTtl.value),
      maxTicketsPerUser: Number(maxTickets.value),
      refundCutoffHours: Number(refundCutoff.value),
      queue: queue.checked ? { enabled: true, admitPerMinute: Number(admit.value) } : { enabled: false },
      draft: draft.checked,
      prices: Object.fromEntries([...prices.querySelectorAll<HTMLInputElement>('input[data-tier]')].map((input) =>
        [input.dataset.tier!, { amountMinor: Math.round(Number(input.value) * 100), currency: currency.value.trim() }])),
    };
    try {
      const answer = await call<EventView>('POST', '/api/v1/events', { body });
      navigate(`/admin/events/${answer.body.eventId}`);
    } catch (problem) {
      message.className = 'message problem';
      message.textContent = explain(problem);
    } finally {
      create.disabled = false;
    }
  });
  return () => {};
};

/**
 * An event's sales page, live: free, held and sold seats from the seat stream buyers use, revenue
 * and tickets sold per minute (the server's sales, plus every seat the stream shows sold since),
 * the waiting room's settings, and the orders as CSV.
 */
export const salesPage =
  (eventId: string): Page =>
  (container) => {
    let stream: SeatStream | undefined;
    let timer = 0;
    let linesTimer = 0;
    const message = h('div', { class: 'message', role: 'alert', 'data-testid': 'message' });
    container.append(message);
    Promise.all([
      get<EventView>(`/api/v1/events/${eventId}`),
      get<SeatMapLayout>(`/api/v1/events/${eventId}/seatmap`),
      get<SalesView>(`/api/v1/events/${eventId}/sales`),
    ])
      .then(([event, layout, firstSales]) => {
        let sales = firstSales;
        let resynced = false;
        const map = new SeatMap(layout);
        const live = new Map<number, number>();
        let liveRevenue = 0;
        let liveTickets = 0;
        const tile = (name: string, testid: string) => {
          const value = h('strong', { 'data-testid': testid }, '…');
          return { element: h('div', { class: 'tile' }, value, h('span', {}, name)), value };
        };
        const sold = tile('sold', 'sales-sold');
        const held = tile('held', 'sales-held');
        const free = tile('free', 'sales-free');
        const revenue = tile('revenue', 'sales-revenue');
        const tickets = tile('tickets in orders', 'sales-tickets');
        const waiting = tile('in the waiting room', 'queue-waiting');
        const admitted = tile('let through', 'queue-admitted');
        const waitlisted = tile('on the waitlist', 'waitlist-waiting');
        waiting.element.hidden = !event.queue.enabled;
        admitted.element.hidden = !event.queue.enabled;
        const chart = h('div', { class: 'chart', 'data-testid': 'sales-chart', role: 'img', 'aria-label': 'Tickets sold per minute, last 30 minutes' });
        const download = h('button', { type: 'button', 'data-testid': 'export-orders' }, 'Export orders (CSV)');
        download.addEventListener('click', async () => {
          const answer = await fetch(`/api/v1/events/${eventId}/orders.csv`, { headers: { Authorization: `Bearer ${token()}` } });
          if (!answer.ok) {
            message.textContent = 'Could not export the orders.';
            return;
          }
          const link = h('a', { href: URL.createObjectURL(await answer.blob()), download: `orders-${eventId}.csv` });
          link.click();
          URL.revokeObjectURL(link.href);
        });
        const orders = ordersPanel(eventId, message);
        container.append(
          h('h1', {}, `Sales: ${event.name}`),
          eventPanel(event, message),
          saleControls(event, (text, problem) => {
            message.className = problem ? 'message problem' : 'message info';
            message.textContent = text;
          }),
          h('p', { class: 'muted' }, `${event.venueName} · ${formatDate(event.startsAt)} · on sale from ${formatDate(event.onSaleAt)}`,
            event.queue.enabled ? ` · waiting room admits ${event.queue.admitPerMinute} a minute` : ' · no waiting room'),
          h('div', { class: 'tiles' }, sold.element, held.element, free.element, revenue.element, tickets.element),
          h('div', { class: 'tiles' }, waiting.element, admitted.element, waitlisted.element),
          h('h2', {}, 'Tickets sold per minute'), chart,
          h('p', {}, download, ' ', h('a', { href: `/events/${eventId}`, 'data-link': true }, 'Open the seat map')),
          orders,
        );

        const render = () => {
          const c = counts(map);
          sold.value.textContent = c.sold.toLocaleString();
          held.value.textContent = c.held.toLocaleString();
          free.value.textContent = c.free.toLocaleString();
          revenue.value.textContent = formatMoney({ amountMinor: sales.revenue.amountMinor + liveRevenue, currency: sales.revenue.currency });
          tickets.value.textContent = (sales.tickets + liveTickets).toLocaleString();
          const bars = lastMinutes(sales, live, Date.now());
          const top = Math.max(1, ...bars.map((bar) => bar.tickets));
          chart.replaceChildren(...bars.map((bar) => h('span', {
            class: 'bar', style: `height:${Math.round((bar.tickets / top) * 100)}%`,
            title: `${new Date(bar.minute).toLocaleTimeString()}: ${bar.tickets}`, 'data-tickets': bar.tickets,
          })));
        };
        stream = new SeatStream(socketUrl(`/ws/events/${eventId}`), {
          snapshot: (_seq, statuses) => {
            map.applySnapshot(statuses);
            render();
            if (resynced) {
              // changes may have been missed: take the sales afresh from the server
              void get<SalesView>(`/api/v1/events/${eventId}/sales`).then((fresh) => {
                sales = fresh;
                live.clear();
                liveRevenue = 0;
                liveTickets = 0;
                render();
              });
            }
            resynced = true;
          },
          changes: (_seq, changes) => {
            const before = new Map(changes.map((change) => [change.seatId, map.statusOf(map.indexOf(change.seatId))]));
            for (const seat of map.applyChanges(changes)) {
              const was = before.get(map.ids[seat]);
              const price = map.price(seat).amountMinor;
              const minute = Math.floor(Date.now() / 60_000) * 60_000;
              if (map.status[seat] === 2 && was !== 'SOLD') {
                liveRevenue += price;
                liveTickets++;
                live.set(minute, (live.get(minute) ?? 0) + 1);
              } else if (was === 'SOLD' && map.status[seat] !== 2) {
                liveRevenue -= price;
                liveTickets--;
              }
            }
            render();
          },
          connection: (state) => { container.dataset.state = state; },
        });
        stream.start();
        render();
        // the waiting room and the waitlist have no stream of their own for organizers: asked every few seconds
        const lines = async () => {
          const [queue, waitlist] = await Promise.all([
            event.queue.enabled ? get<QueueSummary>(`/api/v1/events/${eventId}/queue-summary`) : Promise.resolve(undefined),
            get<WaitlistSummary>(`/api/v1/events/${eventId}/waitlist-summary`),
          ]);
          if (queue) {
            waiting.value.textContent = (queue.waiting ?? 0).toLocaleString();
            admitted.value.textContent = `${(queue.admitted ?? 0).toLocaleString()} of ${(queue.joined ?? 0).toLocaleString()}`;
          }
          waitlisted.value.textContent = (waitlist.waiting ?? 0).toLocaleString();
          waitlisted.element.title = Object.entries(waitlist.waitingBySection ?? {}).map(([section, n]) => `${section}: ${n}`).join(', ');
        };
        void lines().catch(() => {});
        linesTimer = window.setInterval(() => void lines().catch(() => {}), 5_000);
        // the chart's minutes move on even when nothing sells
        timer = window.setInterval(render, 15_000);
      })
      .catch((problem) => { message.textContent = explain(problem); });
    return () => {
      stream?.stop();
      clearInterval(timer);
      clearInterval(linesTimer);
    };
  };

type QueueSummary = Schemas['QueueSummary'];
type WaitlistSummary = Schemas['WaitlistSummary'];

/** An order as the organizers' search lists it. */
interface OrderLine {
  orderId: string;
  createdAt: string;
  userId: string;
  status: string;
  totalMinor: number;
  currency: string;
  seatIds: string[];
  ticketIds: string[];
}

/** Find an event's orders by order or ticket id, seat or buyer, and refund one in full. */
function ordersPanel(eventId: string, message: HTMLElement): HTMLElement {
  const query = h('input', { type: 'search', placeholder: 'Order or ticket id, seat, or buyer', 'aria-label': 'Find orders', 'data-testid': 'order-search' });
  const results = h('table', { class: 'orders', 'data-testid': 'order-results' });
  const form = h('form', { class: 'fields' }, query, h('button', { type: 'submit' }, 'Find'));
  form.addEventListener('submit', async (submitted) => {
    submitted.preventDefault();
    try {
      const found = await get<OrderLine[]>(`/api/v1/events/${eventId}/orders?q=${encodeURIComponent(query.value.trim())}`);
      results.replaceChildren(
        h('tr', {}, ...['Order', 'Bought', 'Buyer', 'Seats', 'Total', 'Status', ''].map((t) => h('th', {}, t))),
        ...found.map((order) => orderRow(order, message)));
      if (!found.length) {
        results.append(h('tr', {}, h('td', { colspan: 7 }, 'No order matches.')));
      }
    } catch (problem) {
      message.textContent = explain(problem);
    }
  });
  return h('section', {}, h('h2', {}, 'Orders'), form, results);
}

function orderRow(order: OrderLine, message: HTMLElement): HTMLElement {
  const status = h('td', { 'data-testid': `order-status-${order.orderId}` }, order.status);
  const refund = h('button', { type: 'button', 'data-testid': `refund-${order.orderId}` }, 'Refund in full');
  refund.hidden = order.status !== 'CONFIRMED';
  const resend = h('button', { type: 'button', class: 'link', 'data-testid': `resend-${order.orderId}` }, 'Email tickets again');
  resend.hidden = order.status !== 'CONFIRMED';
  resend.addEventListener('click', async () => {
    resend.disabled = true;
    try {
      await call('POST', `/api/v1/orders/${order.orderId}/resend`);
      message.className = 'message info';
      message.textContent = `The tickets of order ${order.orderId.slice(0, 8)} are on their way to the buyer again.`;
    } catch (problem) {
      message.className = 'message problem';
      message.textContent = explain(problem);
    } finally {
      resend.disabled = false;
    }
  });
  refund.addEventListener('click', async () => {
    if (!window.confirm(`Refund order ${order.orderId} in full? Its tickets stop working and its seats go back on sale.`)) {
      return;
    }
    refund.disabled = true;
    try {
      const answer = await call<{ status: string; refund: Money; refundStatus: string }>('POST', `/api/v1/orders/${order.orderId}/refund`);
      status.textContent = answer.body.status;
      refund.hidden = true;
      resend.hidden = true;
      message.className = 'message info';
      message.textContent = `Refunded ${formatMoney(answer.body.refund)} (${answer.body.refundStatus.toLowerCase()}); the seats are back on sale.`;
    } catch (problem) {
      message.className = 'message problem';
      message.textContent = explain(problem);
    } finally {
      refund.disabled = false;
    }
  });
  return h('tr', {},
    h('td', {}, h('code', {}, order.orderId.slice(0, 8))),
    h('td', {}, formatDate(order.createdAt)),
    h('td', {}, order.userId),
    h('td', {}, order.seatIds.join(', ')),
    h('td', {}, formatMoney({ amountMinor: order.totalMinor, currency: order.currency })),
    status,
    h('td', {}, refund, ' ', resend));
}

/**
 * The event's state and what the organizers may do to it: publish a draft, change its name and
 * rules, give it a new date, or cancel it (every order refunded, every buyer told).
 */
function eventPanel(first: EventView, message: HTMLElement): HTMLElement {
  let event = first;
  const status = h('span', { class: 'badge', 'data-testid': 'event-status' });
  const when = h('span', { 'data-testid': 'event-when' });
  const publish = h('button', { type: 'button', class: 'primary', 'data-testid': 'publish-event' }, 'Publish');
  const name = h('input', { 'aria-label': 'Name', 'data-testid': 'edit-name' });
  const performer = h('input', { 'aria-label': 'Performer', 'data-testid': 'edit-performer' });
  const category = h('input', { 'aria-label': 'Category', 'data-testid': 'edit-category' });
  const maxTickets = h('input', { type: 'number', min: 1, max: 100, 'aria-label': 'Tickets per buyer', 'data-testid': 'edit-max' });
  const holdTtl = h('input', { type: 'number', min: 1, max: 3600, 'aria-label': 'Hold time (s)', 'data-testid': 'edit-hold' });
  const refundCutoff = h('input', { type: 'number', min: 0, max: 8760, 'aria-label': 'Refunds until (hours before)', 'data-testid': 'edit-refund' });
  const save = h('button', { type: 'submit', 'data-testid': 'save-event' }, 'Save changes');
  const newStart = h('input', { type: 'datetime-local', 'aria-label': 'New start', 'data-testid': 'postpone-to' });
  const postpone = h('button', { type: 'submit', 'data-testid': 'postpone-event' }, 'Move to this date');
  const cancel = h('button', { type: 'button', class: 'danger', 'data-testid': 'cancel-event' }, 'Cancel the event');
  const label = (text: string, input: HTMLElement) => h('label', { class: 'field' }, h('span', {}, text), input);
  const edit = h('form', { class: 'fields' }, label('Name', name), label('Performer', performer),
    label('Category', category), label('Tickets per buyer', maxTickets),
    label('Hold time (s)', holdTtl), label('Refunds until (hours before)', refundCutoff), save);
  const move = h('form', { class: 'fields' }, label('New start', newStart), postpone);
  const changes = h('details', {}, h('summary', {}, 'Change the event'), edit, move, h('p', {}, cancel));

  const show = () => {
    status.textContent = STATUS_NAMES[event.status];
    status.className = `badge ${event.status.toLowerCase()}`;
    when.textContent = `starts ${formatDate(event.startsAt)}`;
    publish.hidden = event.status !== 'DRAFT';
    changes.hidden = event.status === 'CANCELLED';
    name.value = event.name;
    performer.value = event.performer;
    category.value = event.category;
    maxTickets.value = String(event.maxTicketsPerUser);
    holdTtl.value = String(event.holdTtlSeconds);
    refundCutoff.value = String(event.refundCutoffHours);
    newStart.value = localOf(new Date(event.startsAt));
  };
  const act = async (button: HTMLButtonElement, run: () => Promise<string>) => {
    button.disabled = true;
    try {
      const said = await run();
      event = await get<EventView>(`/api/v1/events/${event.eventId}`);
      show();
      message.className = 'message info';
      message.textContent = said;
    } catch (problem) {
      message.className = 'message problem';
      message.textContent = explain(problem);
    } finally {
      button.disabled = false;
    }
  };
  publish.addEventListener('click', () => void act(publish, async () => {
    await call('POST', `/api/v1/events/${event.eventId}/publish`);
    return 'Published: buyers find the event, and it sells from its on-sale time.';
  }));
  edit.addEventListener('submit', (e) => {
    e.preventDefault();
    void act(save, async () => {
      await call('PATCH', `/api/v1/events/${event.eventId}`, {
        body: { name: name.value.trim(), performer: performer.value.trim(), category: category.value.trim(), maxTicketsPerUser: Number(maxTickets.value), holdTtlSeconds: Number(holdTtl.value), refundCutoffHours: Number(refundCutoff.value) },
      });
      return 'Saved.';
    });
  });
  move.addEventListener('submit', (e) => {
    e.preventDefault();
    if (!newStart.value) {
      return;
    }
    void act(postpone, async () => {
      await call('POST', `/api/v1/events/${event.eventId}/postpone`, { body: { startsAt: instant(newStart.value) } });
      return `Moved to ${formatDate(instant(newStart.value))}; every buyer is told by email.`;
    });
  });
  cancel.addEventListener('click', () => {
    if (!window.confirm(`Cancel ${event.name} for good? Every order is refunded in full and every buyer told.`)) {
      return;
    }
    void act(cancel, async () => {
      const answer = await call<{ ordersToRefund: number }>('POST', `/api/v1/events/${event.eventId}/cancel`);
      return `Cancelled. ${answer.body.ordersToRefund.toLocaleString()} orders are being refunded; every buyer is told by email.`;
    });
  });
  show();
  return h('section', { class: 'event-panel', 'data-testid': 'event-panel' }, h('p', {}, status, ' ', when, ' ', publish), changes);
}
