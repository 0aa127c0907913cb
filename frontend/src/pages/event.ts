import { ApiProblem, call, currentUser, explain, get, serverNow } from '../api';
import { announce, formatCountdown, formatDate, h } from '../dom';
import { COLORS, MapView } from '../mapView';
import type { SeatChange } from '../protocol';
import { SeatStream, socketUrl, type Connection } from '../seatStream';
import { SeatMap, formatMoney, type SeatMapLayout } from '../seatMap';
import { admission, heldId, setAdmission, setHeldId } from '../session';
import type { EventView, HoldView, OrderView, Page } from './types';

const STATUS_WORDS: Record<string, string> = { AVAILABLE: 'free', HELD: 'held', SOLD: 'sold', BLOCKED: 'not for sale' };

/**
 * One event's seat map (the deep link `/events/{eventId}`): the live map, picking seats (pointer,
 * keyboard or the list of free seats), holding them with a countdown, releasing or paying.
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
        cleanup = render(container, event, layout, { message, live, connection }, navigate);
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

function render(
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
  let hold: HoldView | null = null;
  let idempotencyKey: string | null = null;
  let countdown = 0;

  const canvas = h('canvas', { class: 'seat-canvas', 'data-testid': 'seat-canvas' });
  const selection = h('ul', { class: 'selection', 'aria-label': 'Seats you picked' });
  const total = h('p', { class: 'total' });
  const holdButton = h('button', { class: 'primary', type: 'button', 'data-testid': 'hold' }, 'Hold seats');
  const bestSection = h('select', { 'aria-label': 'Section', 'data-testid': 'best-section' },
    h('option', { value: '' }, 'Any section'),
    ...layout.sections.map((section) => h('option', { value: section.code }, `${section.name} (${formatMoney(section.price)})`)));
  const bestQuantity = h('input', { type: 'number', min: 1, max: event.maxTicketsPerUser, value: 2, 'aria-label': 'Number of seats',
    'data-testid': 'best-quantity', class: 'quantity' });
  const bestButton = h('button', { type: 'button', 'data-testid': 'best' }, 'Best available');
  const waitlistButton = h('button', { type: 'button', 'data-testid': 'waitlist', hidden: true }, 'Join the waitlist');
  const waitlistStatus = h('p', { class: 'muted', 'data-testid': 'waitlist-status', 'aria-live': 'polite' });
  const bestForm = h('div', { class: 'best' }, h('p', { class: 'muted' }, 'Or let us pick the best seats together:'),
    bestQuantity, bestSection, bestButton, waitlistButton, waitlistStatus);
  const pickPanel = h('section', { class: 'panel', 'aria-label': 'Your pick' }, h('h2', {}, 'Your pick'), selection, total, holdButton,
    bestForm);
  const timer = h('p', { class: 'countdown', 'data-testid': 'countdown', role: 'timer' });
  const holdSeats = h('ul', { class: 'selection' });
  const card = h(
    'select',
    { 'aria-label': 'Test card', 'data-testid': 'card' },
    h('option', { value: 'tok_visa' }, 'Test card: Visa (succeeds)'),
    h('option', { value: 'tok_chargeDeclined' }, 'Test card: declined'),
  );
  const pay = h('button', { class: 'primary', type: 'button', 'data-testid': 'pay' }, 'Pay');
  const release = h('button', { type: 'button', 'data-testid': 'release' }, 'Release');
  const holdPanel = h('section', { class: 'panel', 'aria-label': 'Your hold', hidden: true },
    h('h2', {}, 'Your hold'), holdSeats, timer, card, h('div', { class: 'actions' }, pay, release));
  const listView = h('section', { class: 'seat-list', hidden: true, 'aria-label': 'Free seats by section' });
  const listToggle = h('button', { type: 'button', 'aria-expanded': 'false', 'data-testid': 'list-toggle' }, 'List of free seats');
  const legend = h(
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
  const toolbar = h(
    'div',
    { class: 'toolbar' },
    h('button', { type: 'button', 'aria-label': 'Zoom in', onclick: () => key('+') }, '+'),
    h('button', { type: 'button', 'aria-label': 'Zoom out', onclick: () => key('-') }, '−'),
    h('button', { type: 'button', onclick: () => view.fit() }, 'Fit'),
    listToggle,
    connection,
  );
  container.append(
    h('header', { class: 'event-header' },
      h('h1', {}, event.name),
      h('p', { class: 'muted' }, `${event.venueName} · ${formatDate(event.startsAt)} · up to ${event.maxTicketsPerUser} tickets per buyer`)),
    message,
    live,
    h('div', { class: 'event-layout' },
      h('div', { class: 'map-column' }, toolbar, h('div', { class: 'canvas-wrap' }, canvas), legend, listView),
      h('aside', { class: 'side' }, pickPanel, holdPanel)),
  );

  const view = new MapView(canvas, map, selected, mine, {
    toggle: (seat) => toggle(seat),
    focus: (seat) => announce(live, `${map.describe(seat)}, ${STATUS_WORDS[map.statusOf(seat)]}, ${formatMoney(map.price(seat))}`),
  });
  (window as unknown as Record<string, unknown>).marqueeMap = { map, view, selected, mine };
  function key(k: string) {
    canvas.dispatchEvent(new KeyboardEvent('keydown', { key: k }));
  }

  function say(text: string, isProblem = false) {
    message.textContent = text;
    message.className = `message ${isProblem ? 'problem' : 'info'}`;
  }

  function toggle(seat: number) {
    const area = layout.sections[map.section[seat]];
    if (area.capacity) {
      (bestSection as HTMLSelectElement).value = area.code;
      (bestQuantity as HTMLInputElement).focus();
      say(`${area.name} is standing room: choose how many places and press Best available.`);
      return;
    }
    if (hold) {
      say('You already hold seats: pay for them or release them first.');
      return;
    }
    if (selected.has(seat)) {
      selected.delete(seat);
      announce(live, `${map.describe(seat)} removed from your pick`);
    } else if (map.status[seat] !== 0) {
      announce(live, `${map.describe(seat)} is ${STATUS_WORDS[map.statusOf(seat)]}`);
      return;
    } else if (selected.size >= event.maxTicketsPerUser) {
      say(`You can pick at most ${event.maxTicketsPerUser} seats.`);
      return;
    } else {
      selected.add(seat);
      announce(live, `${map.describe(seat)} added to your pick`);
    }
    view.repaint([seat]);
    renderPick();
  }

  function renderPick() {
    selection.replaceChildren(
      ...[...selected].map((seat) =>
        h('li', {}, `${map.ids[seat]} · ${formatMoney(map.price(seat))} `,
          h('button', { type: 'button', class: 'link', 'aria-label': `Remove ${map.describe(seat)}`, onclick: () => toggle(seat) }, 'remove')),
      ),
    );
    const sum = [...selected].reduce((acc, seat) => acc + map.price(seat).amountMinor, 0);
    const currency = selected.size ? map.price([...selected][0]).currency : 'USD';
    total.textContent = selected.size ? `Total ${formatMoney({ amountMinor: sum, currency })}` : 'Pick seats on the map or in the list.';
    holdButton.disabled = selected.size === 0 || !!hold;
    holdButton.textContent = selected.size ? `Hold ${selected.size} seat${selected.size > 1 ? 's' : ''}` : 'Hold seats';
    if (!listView.hidden) {
      renderList();
    }
  }

  function seatsChanged(changed: number[]) {
    const lost = changed.filter((seat) => selected.has(seat) && map.status[seat] !== 0);
    for (const seat of lost) {
      selected.delete(seat);
    }
    if (lost.length) {
      say(`Sorry, ${lost.map((s) => map.ids[s]).join(', ')} ${lost.length > 1 ? 'were' : 'was'} just taken by someone else.`, true);
      renderPick();
    }
    view.repaint(changed);
    if (!listView.hidden) {
      scheduleList();
    }
    if (hold && changed.some((seat) => mine.has(seat) && map.status[seat] !== 1)) {
      holdEnded(hold.holdId);
    }
  }

  /** Our seats stopped being held (the countdown ran out on the server, or another tab acted). */
  function holdEnded(holdId: string) {
    get<HoldView>(`/api/v1/holds/${holdId}`)
      .then((value) => {
        if (hold?.holdId !== holdId || value.status === 'ACTIVE') {
          return;
        }
        if (value.status === 'PURCHASED' && value.orderId) {
          navigate(`/orders/${value.orderId}`);
        } else if (value.status === 'EXPIRED') {
          clearHold('Your hold expired and the seats were released. Pick your seats again.', true);
        } else {
          clearHold('Your hold was released.');
        }
      })
      .catch(() => {});
  }

  const stream = new SeatStream(socketUrl(`/ws/events/${event.eventId}`), {
    snapshot: (_seq, statuses) => {
      map.applySnapshot(statuses);
      seatsChanged([...selected]);
      view.redraw();
      if (!listView.hidden) {
        renderList();
      }
    },
    changes: (_seq, changes: SeatChange[]) => seatsChanged(map.applyChanges(changes)),
    connection: (state: Connection) => {
      connection.textContent = { connecting: 'connecting…', live: 'live', reconnecting: 'reconnecting…', closed: 'offline', gone: 'event gone' }[state];
      connection.dataset.state = state;
    },
  });
  stream.start();

  // --- holding, paying, releasing

  holdButton.addEventListener('click', async () => {
    if (!currentUser()) {
      say('Please sign in to hold seats.', true);
      return;
    }
    const seatIds = [...selected].map((seat) => map.ids[seat]);
    holdButton.disabled = true;
    const pass = admission(event.eventId);
    try {
      const answer = await call<HoldView>('POST', `/api/v1/events/${event.eventId}/holds`, {
        body: { seatIds },
        headers: pass ? { 'X-Admission-Token': pass.token } : {},
      });
      selected.clear();
      showHold(answer.body);
      say(`Held ${seatIds.length} seat${seatIds.length > 1 ? 's' : ''}. Pay before the countdown ends.`);
    } catch (problem) {
      say(explain(problem), true);
      if (problem instanceof ApiProblem && problem.slug === 'admission-required') {
        setAdmission(event.eventId, null);
        navigate(`/events/${event.eventId}/queue`);
        return;
      }
      if (problem instanceof ApiProblem && problem.slug === 'seat-unavailable') {
        for (const id of (problem.body.unavailableSeatIds as string[]) ?? []) {
          selected.delete(map.indexOf(id));
        }
      }
    } finally {
      renderPick();
      view.redraw();
    }
  });

  bestButton.addEventListener('click', async () => {
    if (!currentUser()) {
      say('Please sign in to hold seats.', true);
      return;
    }
    bestButton.disabled = true;
    const pass = admission(event.eventId);
    const section = (bestSection as HTMLSelectElement).value;
    try {
      const answer = await call<HoldView>('POST', `/api/v1/events/${event.eventId}/holds/best-available`, {
        body: { quantity: Number((bestQuantity as HTMLInputElement).value), ...(section ? { sectionCode: section } : {}) },
        headers: pass ? { 'X-Admission-Token': pass.token } : {},
      });
      for (const seat of selected) {
        view.repaint([seat]);
      }
      selected.clear();
      showHold(answer.body);
      say(`We found ${answer.body.seatIds.join(', ')} for you. Pay before the countdown ends.`);
    } catch (problem) {
      const none = problem instanceof ApiProblem && problem.slug === 'no-seats-together';
      say(none ? 'There are not that many seats together right now. Try fewer seats, another section, or join the waitlist.'
        : explain(problem), true);
      waitlistButton.hidden = !(none && (bestSection as HTMLSelectElement).value);
    } finally {
      bestButton.disabled = false;
      renderPick();
    }
  });

  // --- the waitlist: when a section is sold out, wait for seats there and get them held when they free up

  let waitlistSocket: WebSocket | null = null;
  waitlistButton.addEventListener('click', async () => {
    const section = (bestSection as HTMLSelectElement).value;
    const pass = admission(event.eventId);
    try {
      const answer = await call<{ entryId: string; position?: number }>('POST', `/api/v1/events/${event.eventId}/waitlist`, {
        body: { sectionCode: section, quantity: Number((bestQuantity as HTMLInputElement).value), adjacent: true },
        headers: pass ? { 'X-Admission-Token': pass.token } : {},
      });
      waitlistButton.hidden = true;
      waitlistStatus.textContent = `You are on the waitlist${answer.body.position ? `, number ${answer.body.position}` : ''}. `
        + 'When seats free up they are held for you and shown here.';
      waitlistSocket?.close();
      waitlistSocket = new WebSocket(socketUrl(`/ws/events/${event.eventId}/waitlist/${answer.body.entryId}`));
      waitlistSocket.onmessage = async (message) => {
        const data = JSON.parse(String(message.data)) as { type: string; position?: number; holdId?: string };
        if (data.type === 'waiting' && data.position) {
          waitlistStatus.textContent = `You are on the waitlist, number ${data.position}.`;
        } else if (data.type === 'offer' && data.holdId) {
          waitlistStatus.textContent = '';
          const offered = await get<HoldView>(`/api/v1/holds/${data.holdId}`);
          showHold(offered);
          say(`Seats came free and are held for you: ${offered.seatIds.join(', ')}. Pay before the countdown ends.`);
          announce(live, 'Your waitlist offer arrived.');
        }
      };
    } catch (problem) {
      say(problem instanceof ApiProblem && problem.slug === 'seats-available'
        ? 'Seats are free in that section right now: pick them on the map.' : explain(problem), true);
    }
  });

  function showHold(value: HoldView) {
    hold = value;
    idempotencyKey = null;
    setHeldId(event.eventId, value.holdId);
    mine.clear();
    for (const id of value.seatIds) {
      mine.add(map.indexOf(id));
    }
    holdSeats.replaceChildren(...value.seatIds.map((id) => h('li', {}, id)), h('li', { class: 'total' }, `Total ${formatMoney(value.total)}`));
    holdPanel.hidden = false;
    pickPanel.hidden = true;
    tick();
    window.clearInterval(countdown);
    countdown = window.setInterval(tick, 250);
    view.redraw();
  }

  function clearHold(text: string | null, isProblem = false) {
    hold = null;
    setHeldId(event.eventId, null);
    window.clearInterval(countdown);
    mine.clear();
    holdPanel.hidden = true;
    pickPanel.hidden = false;
    renderPick();
    view.redraw();
    if (text) {
      say(text, isProblem);
    }
  }

  let lastAnnounced = -1;
  function tick() {
    if (!hold) {
      return;
    }
    const left = Date.parse(hold.expiresAt) - serverNow();
    timer.textContent = `Held for ${formatCountdown(left)}`;
    const seconds = Math.ceil(left / 1000);
    if ((seconds === 60 || seconds === 10) && seconds !== lastAnnounced) {
      lastAnnounced = seconds;
      announce(live, `${seconds} seconds left to pay`);
    }
    if (left <= 0) {
      clearHold('Your hold expired and the seats were released. Pick your seats again.', true);
    }
  }

  release.addEventListener('click', async () => {
    if (!hold) {
      return;
    }
    try {
      await call('DELETE', `/api/v1/holds/${hold.holdId}`);
      clearHold('Seats released.');
    } catch (problem) {
      if (problem instanceof ApiProblem && problem.status === 410) {
        clearHold(explain(problem), true);
      } else {
        say(explain(problem), true);
      }
    }
  });

  pay.addEventListener('click', async () => {
    if (!hold) {
      return;
    }
    pay.disabled = true;
    idempotencyKey ??= crypto.randomUUID();
    try {
      const answer = await call<OrderView>('POST', `/api/v1/holds/${hold.holdId}/purchase`, {
        body: { paymentToken: (card as HTMLSelectElement).value },
        headers: { 'Idempotency-Key': idempotencyKey },
      });
      setHeldId(event.eventId, null);
      hold = null;
      navigate(`/orders/${answer.body.orderId}`);
    } catch (problem) {
      if (problem instanceof ApiProblem && problem.slug === 'payment-declined') {
        // a new attempt with another card is a new request
        idempotencyKey = null;
        say(explain(problem), true);
      } else if (problem instanceof ApiProblem && problem.status === 410) {
        clearHold(explain(problem), true);
      } else {
        say(explain(problem), true);
      }
    } finally {
      pay.disabled = false;
    }
  });

  const restoring = heldId(event.eventId);
  if (restoring && currentUser()) {
    get<HoldView>(`/api/v1/holds/${restoring}`)
      .then((value) => (value.status === 'ACTIVE' ? showHold(value) : setHeldId(event.eventId, null)))
      .catch(() => setHeldId(event.eventId, null));
  }

  // --- the list of free seats, the alternative to the canvas

  let listTimer = 0;
  function scheduleList() {
    if (!listTimer) {
      listTimer = window.setTimeout(() => {
        listTimer = 0;
        renderList();
      }, 300);
    }
  }

  const open = new Set<number>([0]);
  function renderList() {
    let first = 0;
    listView.replaceChildren(
      ...layout.sections.map((section, s) => {
        const start = first;
        first += section.rows.reduce((n, row) => n + row.seatIds.length, 0);
        const details = h('details', { open: open.has(s) }, h('summary', {}, `${section.name} · ${formatMoney(section.price)}`));
        // the browser also fires toggle for a details rendered open: act on real changes only
        details.addEventListener('toggle', () => {
          if (details.open && !open.has(s)) {
            open.add(s);
            renderList();
          } else if (!details.open) {
            open.delete(s);
          }
        });
        if (open.has(s) && section.capacity) {
          let free = 0;
          for (let i = start; i < first; i++) {
            free += map.status[i] === 0 ? 1 : 0;
          }
          details.append(h('p', {}, `Standing room: ${free} of ${section.capacity} places free. Choose how many with Best available.`));
        } else if (open.has(s)) {
          let i = start;
          for (const row of section.rows) {
            const buttons: HTMLElement[] = [];
            for (let k = 0; k < row.seatIds.length; k++, i++) {
              const seat = i;
              if (map.status[seat] === 0 || selected.has(seat)) {
                buttons.push(
                  h('button', { type: 'button', class: 'seat-button', 'aria-pressed': selected.has(seat) ? 'true' : 'false',
                    'aria-label': `${map.describe(seat)}, ${formatMoney(map.price(seat))}`, onclick: () => toggle(seat) },
                    String(k + 1)),
                );
              }
            }
            details.append(h('div', { class: 'seat-row' }, h('span', { class: 'row-label' }, `Row ${row.label}`),
              ...(buttons.length ? buttons : [h('span', { class: 'muted' }, 'no free seats')])));
          }
        }
        return details;
      }),
    );
  }
  listToggle.addEventListener('click', () => {
    listView.hidden = !listView.hidden;
    listToggle.setAttribute('aria-expanded', String(!listView.hidden));
    if (!listView.hidden) {
      renderList();
    }
  });

  renderPick();
  const pass = admission(event.eventId);
  if (event.queue.enabled && pass) {
    say(`It is your turn: hold your seats before ${new Date(pass.expiresAt).toLocaleTimeString()}.`);
  }
  return () => {
    waitlistSocket?.close();
    stream.stop();
    view.destroy();
    window.clearInterval(countdown);
    window.clearTimeout(listTimer);
  };
}

function swatch(colour: string): HTMLElement {
  return h('span', { class: 'swatch', style: `background:${colour}`, 'aria-hidden': 'true' });
}
