import { call, explain, get, token } from '../api';
import { h } from '../dom';
import { formatMoney } from '../seatMap';
import type { OrderView, Page } from './types';

/** An order and its tickets, with each ticket's QR code once the server serves them. */
export const orderPage =
  (orderId: string): Page =>
  (container) => {
    const urls: string[] = [];
    container.append(h('h1', {}, 'Your order'));
    get<OrderView>(`/api/v1/orders/${orderId}`)
      .then((order) => {
        const list = h('ul', { class: 'tickets', 'data-testid': 'tickets' });
        const status = h('p', { 'data-testid': 'order-status' }, `Order ${order.status.toLowerCase()} · ${formatMoney(order.total)}`);
        const message = h('div', { class: 'message', role: 'alert', 'data-testid': 'message' });
        const cancel = h('button', { type: 'button', 'data-testid': 'cancel-order' }, 'Cancel order');
        cancel.addEventListener('click', async () => {
          if (!window.confirm('Cancel this order? Before the refund cut-off you get your money back; after it, nothing.')) {
            return;
          }
          cancel.disabled = true;
          try {
            const answer = await call<{ refund: { amountMinor: number; currency: string }; refundStatus: string }>(
              'POST', `/api/v1/orders/${orderId}/cancel`);
            status.textContent = `Order cancelled · refund ${formatMoney(answer.body.refund)}`;
            message.className = 'message info';
            message.textContent = answer.body.refundStatus === 'PENDING'
              ? 'Cancelled. Your refund is on its way.' : 'Cancelled. Your seats are back on sale.';
            cancel.remove();
            list.querySelectorAll('img').forEach((img) => img.remove());
          } catch (problem) {
            message.className = 'message problem';
            message.textContent = explain(problem);
            cancel.disabled = false;
          }
        });
        container.append(status, message, list, order.status === 'CONFIRMED' ? cancel : '',
          h('p', {}, h('a', { href: `/events/${order.eventId}`, 'data-link': true }, 'Back to the seat map')));
        for (const ticket of order.tickets) {
          const item = h('li', { class: 'ticket' }, h('strong', {}, ticket.seatId), h('span', { class: 'muted' }, ` ticket ${ticket.ticketId}`));
          list.append(item);
          if (order.status === 'CONFIRMED' && (ticket.status ?? 'VALID') === 'VALID') {
            const to = h('input', { placeholder: 'Their user id', 'aria-label': `Give ${ticket.seatId} to`, 'data-testid': 'transfer-to' });
            const give = h('button', { type: 'button', 'data-testid': 'transfer' }, 'Give this ticket');
            const form = h('div', { class: 'transfer' }, to, give);
            give.addEventListener('click', async () => {
              const toUserId = (to as HTMLInputElement).value.trim();
              if (!toUserId) {
                return;
              }
              try {
                await call('POST', `/api/v1/tickets/${ticket.ticketId}/transfer`, { body: { toUserId } });
                form.replaceWith(h('span', { class: 'muted', 'data-testid': 'transferred' }, ` given to ${toUserId}; your copy no longer works`));
                item.querySelector('img')?.remove();
              } catch (problem) {
                message.className = 'message problem';
                message.textContent = explain(problem);
              }
            });
            item.append(form);
          }
          if (order.status !== 'CONFIRMED') {
            continue;
          }
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
      })
      .catch((problem) => container.append(h('p', { role: 'alert' }, explain(problem))));
    return () => urls.forEach((url) => URL.revokeObjectURL(url));
  };
