import { ApiProblem, currentUser, explain, get } from '../../api';
import { announce, formatDate, h } from '../../dom';
import { MapView } from '../../mapView';
import { SeatMap, type SeatMapLayout, type TierPrice } from '../../seatMap';
import { SeatStream, socketUrl } from '../../seatStream';
import { admission } from '../../session';
import type { EventView, Page } from '../types';
import type { EventContext } from './context';
import { holdPanel } from './hold';
import { filterControls, matching, type MapFilter } from './filters';
import { CONNECTION_WORDS, legend, seatTip, toolbar } from './mapTools';
import { payControls } from './pay';
import { pickPanel } from './pick';
import { seatList } from './seatList';
import { waitlistControls } from './waitlist';

/**
 * One event's seat map (the deep link `/events/{eventId}`): the live map, picking seats (pointer,
 * keyboard or the list of free seats) or the best available, the waitlist, the hold with its
 * countdown, and paying. Each of those is a part of its own in this folder, as the server's
 * modules are (pick, hold, waitlist, pay); this file loads the event and wires the parts.
 */
export const eventPage =
  (eventId: string): Page =>
  (container, navigate) => {
    const message = h('div', { class: 'message', role: 'alert', 'data-testid': 'message' });
    const live = h('div', { class: 'visually-hidden', 'aria-live': 'polite', 'data-testid': 'announcer' });
    const connection = h('span', { class: 'connection', 'data-testid': 'connection' }, 'connecting');
    container.append(h('p', { class: 'muted' }, 'Loading the seat map…'), message, live);
    let cleanup: () => void = () => {};
    let closed = false;

    Promise.all([get<EventView>(`/api/v1/events/${eventId}`), get<SeatMapLayout>(`/api/v1/events/${eventId}/seatmap`)])
      .then(([event, layout]) => {
        if (closed) {
          return;
        }
        if (event.queue.enabled && currentUser() && !admission(eventId)) {
          navigate(`/events/${eventId}/queue`);
          return;
        }
        container.replaceChildren();
        cleanup = showEvent(container, event, layout, { message, live, connection }, navigate);
      })
      .catch((problem) => {
        container.replaceChildren(
          h('h1', {}, 'Event not available'),
          h('p', { role: 'alert' }, problem instanceof ApiProblem && problem.status === 404 ? 'There is no such event.' : explain(problem)),
          h('a', { href: '/', 'data-link': true }, 'All events'),
        );
      });
    return () => {
      closed = true;
      cleanup();
    };
  };

/** Lays out the page, wires its parts to each other and to the seat stream; answers the teardown. */
function showEvent(
  container: HTMLElement,
  event: EventView,
  layout: SeatMapLayout,
  parts: { message: HTMLElement; live: HTMLElement; connection: HTMLElement },
  navigate: (path: string) => void,
): () => void {
  const { message, live, connection } = parts;
  const map = new SeatMap(layout);
  const selected = new Set<number>();
  const mine = new Set<number>();
  let view: MapView | undefined;
  const ctx: EventContext = {
    event,
    map,
    navigate,
    say(text, isProblem = false) {
      message.textContent = text;
      message.className = `message ${isProblem ? 'problem' : 'info'}`;
    },
    announce: (text) => announce(live, text),
    repaint: (seats) => view?.repaint(seats),
    redraw: () => view?.redraw(),
  };

  // the parts, each with what it needs from the others
  const list = seatList(map, selected, (seat) => pick.toggle(seat));
  const waitlist = waitlistControls(ctx, { choice: () => pick.choice(), offered: (value) => hold.show(value) });
  const pick = pickPanel(ctx, selected, {
    holding: () => hold.current() !== null,
    held: (value) => hold.show(value),
    bestFailed: (offerWaitlist) => waitlist.offer(offerWaitlist),
    changed: () => list.refresh(),
  }, waitlist.elements);
  const pay = payControls(ctx, {
    current: () => hold.current(),
    purchased: () => hold.forget(),
    gone: (text) => hold.clear(text, true),
  });
  // dynamic prices: the legend, the tips and the pick show each tier's price now (read again
  // every half minute and whenever a hold starts or ends); a hold shows the prices it locked in
  let legendElement = legend(map);
  let pricesClosed = false;
  function refreshPrices() {
    get<{ tiers: TierPrice[] }>(`/api/v1/events/${event.eventId}/prices`)
      .then((current) => {
        if (pricesClosed || !map.applyPrices(current.tiers)) {
          return;
        }
        const fresh = legend(map);
        legendElement.replaceWith(fresh);
        legendElement = fresh;
        if (!hold.current()) {
          pick.render();
        }
        list.refresh();
      })
      .catch(() => {});
  }
  const hold = holdPanel(ctx, mine, pay, {
    shown(holding) {
      pick.element.hidden = holding;
      if (!holding) {
        pick.render();
      }
      // a hold placed or ended may have moved a demand step
      refreshPrices();
    },
  });

  const canvas = h('canvas', { class: 'seat-canvas', 'data-testid': 'seat-canvas' });
  let filter: MapFilter = { accessible: false, together: 1 };
  const filters = filterControls(map, (value) => {
    filter = value;
    view?.setFilter(matching(map, filter));
  });
  const tip = seatTip(map);
  container.append(
    h('header', { class: 'event-header' },
      h('h1', {}, event.name),
      h('p', { class: 'muted' }, `${event.venueName} · ${formatDate(event.startsAt)} · up to ${event.maxTicketsPerUser} tickets per buyer`),
      event.status === 'CANCELLED'
        ? h('p', { class: 'message problem', 'data-testid': 'event-cancelled' }, 'This event is cancelled. Every order is refunded in full; there is nothing you need to do.')
        : event.status === 'DRAFT' ? h('p', { class: 'message info' }, 'A draft: not on sale until the organizers publish it.') : ''),
    message,
    live,
    h('div', { class: 'event-layout' },
      h('div', { class: 'map-column' }, toolbar(canvas, () => view?.fit(), list.toggleButton, connection), filters,
        h('div', { class: 'canvas-wrap' }, canvas, tip.element), legendElement, list.element),
      h('aside', { class: 'side' }, pick.element, hold.element)),
  );
  // the canvas is in the page now, so the view can measure it
  const mapView = new MapView(canvas, map, selected, mine, {
    toggle: (seat) => pick.toggle(seat),
    focus: (seat) => {
      pick.focus(seat);
      tip.show(seat, mapView.seatCentre(seat));
    },
  });
  view = mapView;
  canvas.addEventListener('pointermove', (event) => {
    const rect = canvas.getBoundingClientRect();
    const seat = mapView.seatAt(event.clientX - rect.left, event.clientY - rect.top);
    if (seat >= 0) {
      tip.show(seat, mapView.seatCentre(seat));
    } else {
      tip.hide();
    }
  });
  canvas.addEventListener('pointerleave', () => tip.hide());
  // the browser tests and the UI benchmark read the map and find seats on the canvas through this
  (window as unknown as Record<string, unknown>).marqueeMap = { map, view: mapView, selected, mine };

  function seatsChanged(changed: number[]) {
    pick.dropTaken(changed);
    if (filter.together > 1 && changed.length) {
      // seats together depend on who holds what: the faded seats move with every change
      mapView.setFilter(matching(map, filter));
    }
    mapView.repaint(changed);
    tip.refresh();
    list.schedule();
    hold.seatsChanged(changed);
  }

  const stream = new SeatStream(socketUrl(`/ws/events/${event.eventId}`), {
    snapshot: (_seq, statuses) => {
      map.applySnapshot(statuses);
      seatsChanged([...selected]);
      mapView.redraw();
      list.refresh();
    },
    changes: (_seq, changes) => seatsChanged(map.applyChanges(changes)),
    connection: (state) => {
      connection.textContent = CONNECTION_WORDS[state];
      connection.dataset.state = state;
    },
  });
  stream.start();
  hold.restore();
  pick.render();
  const pass = admission(event.eventId);
  if (event.queue.enabled && pass) {
    ctx.say(`It is your turn: hold your seats before ${new Date(pass.expiresAt).toLocaleTimeString()}.`);
  }
  refreshPrices();
  const pricePoll = window.setInterval(refreshPrices, 30_000);
  return () => {
    pricesClosed = true;
    window.clearInterval(pricePoll);
    waitlist.close();
    stream.stop();
    mapView.destroy();
    hold.stop();
    list.stop();
  };
}
