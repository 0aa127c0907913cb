import { ApiProblem, call, explain, get, token } from '../api';
import { h } from '../dom';
import { formatMoney, type Money } from '../seatMap';
import { myListings, resaleControl } from './resale';
import type { OrderView, Page } from './types';

type Ticket = OrderView['tickets'][number];

/** Whether the buyer can still give a ticket away: the order stands and the ticket is theirs and valid. */
export function transferable(order: { status: string }, ticket: { status?: string }): boolean {
  return order.status === 'CONFIRMED' && (ticket.status ?? 'VALID') === 'VALID';
}

/** What the page says after a cancel, by the refund's status. */
export function cancelledText(refundStatus: string): string {
  return refundStatus === 'PENDING' ? 'Cancelled. Your refund is on its way.' : 'Cancelled. Your seats are back on sale.';
}

/** The page's message box. */
function messageBox(): { element: HTMLElement; problem(problem: unknown): void; info(text: string): void } {
  const element = h('div', { class: 'message', role: 'alert', 'data-testid': 'message' });
  const show = (kind: string, text: string) => {
    element.className = `message ${kind}`;
    element.textContent = text;
  };
  return { element, problem: (problem) => show('problem', explain(problem)), info: (text) => show('info', text) };
}

/**
 * Reads an order that may still be being stored. A hold answers PURCHASED (and the map shows SOLD)
 * as soon as its seats are sold in Redis, a moment before the order's row commits in PostgreSQL, so
 * a page that follows the hold to its order can ask too early: a 404 is asked again after each of
 * `waits` milliseconds. Any other problem, or a 404 after the last wait, is thrown.
 */
export async function readOrder<T>(
  read: () => Promise<T>,
  waits: readonly number[] = [100, 200, 400, 800, 1600, 3200],
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await read();
    } catch (problem) {
      if (!(problem instanceof ApiProblem) || problem.status !== 404 || attempt >= waits.length) {
        throw problem;
      }
      await sleep(waits[attempt]);
    }
  }
}

/** An order and its tickets, with each ticket's QR code once the server serves them. */
export const orderPage =
  (orderId: string): Page =>
  (container) => {
    const urls: string[] = [];
    container.append(h('h1', {}, 'Your order'));
    readOrder(() => get<OrderView>(`/api/v1/orders/${orderId}`))
      .then((order) => {
        const list = h('ul', { class: 'tickets', 'data-testid': 'tickets' });
        const status = h('p', { 'data-testid': 'order-status' }, `Order ${order.status.toLowerCase()} · ${formatMoney(order.total)}`);
        const message = messageBox();
        const cancel = order.status === 'CONFIRMED' ? cancelButton(orderId, status, message, list) : '';
        container.append(status, message.element, list, cancel,
          h('p', {}, h('a', { href: `/events/${order.eventId}`, 'data-link': true }, 'Back to the seat map')));
        const resaleLines: { ticket: Ticket; line: HTMLElement }[] = [];
        for (const ticket of order.tickets) {
          const item = h('li', { class: 'ticket' }, h('strong', {}, ticket.seatId), h('span', { class: 'muted' }, ` ticket ${ticket.ticketId}`));
          const line = h('div', { class: 'resale-line' });
          list.append(item);
          if (transferable(order, ticket)) {
            item.append(transferForm(ticket, item, message));
          }
          item.append(line);
          resaleLines.push({ ticket, line });
          if (order.status === 'CONFIRMED') {
            showQr(ticket, item, urls);
          }
        }
        // the resale lines follow the seller's listings when they come: a slow answer
        // never holds back the tickets themselves
        void myListings().then((listings) => {
          for (const { ticket, line } of resaleLines) {
            // the newest listing of the ticket, if any (the list is newest first)
            const latest = listings.find((listing) => listing.ticketId === ticket.ticketId);
            if (transferable(order, ticket) || latest?.status === 'SOLD') {
              line.append(resaleControl(ticket.ticketId, ticket.seatId, latest, message.problem));
            }
          }
        });
      })
      .catch((problem) => container.append(h('p', { role: 'alert' }, explain(problem))));
    return () => urls.forEach((url) => URL.revokeObjectURL(url));
  };

/** Cancels the order after asking; the tickets' QR codes go, since they no longer work. */
function cancelButton(orderId: string, status: HTMLElement, message: ReturnType<typeof messageBox>, list: HTMLElement): HTMLButtonElement {
  const cancel = h('button', { type: 'button', 'data-testid': 'cancel-order' }, 'Cancel order');
  cancel.addEventListener('click', async () => {
    if (!window.confirm('Cancel this order? Before the refund cut-off you get your money back; after it, nothing.')) {
      return;
    }
    cancel.disabled = true;
    try {
      const answer = await call<{ refund: Money; refundStatus: string }>('POST', `/api/v1/orders/${orderId}/cancel`);
      status.textContent = `Order cancelled · refund ${formatMoney(answer.body.refund)}`;
      message.info(cancelledText(answer.body.refundStatus));
      cancel.remove();
      list.querySelectorAll('img').forEach((img) => img.remove());
    } catch (problem) {
      message.problem(problem);
      cancel.disabled = false;
    }
  });
  return cancel;
}

/** Gives a ticket to another user; the buyer's copy (and its QR code) stops working. */
function transferForm(ticket: Ticket, item: HTMLElement, message: ReturnType<typeof messageBox>): HTMLElement {
  const to = h('input', { placeholder: 'Their user id', 'aria-label': `Give ${ticket.seatId} to`, 'data-testid': 'transfer-to' });
  const give = h('button', { type: 'button', 'data-testid': 'transfer' }, 'Give this ticket');
  const form = h('div', { class: 'transfer' }, to, give);
  give.addEventListener('click', async () => {
    const toUserId = to.value.trim();
    if (!toUserId) {
      return;
    }
    try {
      await call('POST', `/api/v1/tickets/${ticket.ticketId}/transfer`, { body: { toUserId } });
      form.replaceWith(h('span', { class: 'muted', 'data-testid': 'transferred' }, ` given to ${toUserId}; your copy no longer works`));
      item.querySelector('img')?.remove();
    } catch (problem) {
      message.problem(problem);
    }
  });
  return form;
}

/** The ticket's QR code as the server draws it (an image needs the bearer token, so it comes as a blob). */
function showQr(ticket: Ticket, item: HTMLElement, urls: string[]): void {
  fetch(`/api/v1/tickets/${ticket.ticketId}/qr.svg`, { headers: { Authorization: `Bearer ${token()}` } })
    .then((response) => (response.ok ? response.blob() : null))
    .then((blob) => {
      if (blob) {
        const url = URL.createObjectURL(blob);
        urls.push(url);
        item.append(h('img', { src: url, alt: `QR code of the ticket for ${ticket.seatId}`, width: 160, height: 160 }));
      }
    })
    .catch(() => {});
}
