import { call, get } from '../api';
import { h } from '../dom';
import { formatMoney, type Money } from '../seatMap';

/** A listing as its seller sees it (docs/API.md, "Resale at face value"). */
export interface Listing {
  listingId: string;
  ticketId: string;
  seatId: string;
  price: Money;
  status: string;
  payout: string;
}

/** The caller's listings (none if they cannot be read). */
export function myListings(): Promise<Listing[]> {
  return get<Listing[]>('/api/v1/me/resale').catch(() => []);
}

/** What a ticket's resale line says for its latest listing. */
export function listingText(listing: Listing): string {
  switch (listing.status) {
    case 'OPEN':
      return `For resale at ${formatMoney(listing.price)}`;
    case 'SOLD':
      return `Resold for ${formatMoney(listing.price)} · payout ${listing.payout === 'PAID' ? 'paid' : 'on its way'}`;
    default:
      return '';
  }
}

/**
 * A ticket's resale control: list it at face value (or a lower price), or withdraw its open listing. `problem` shows
 * a refusal.
 */
export function resaleControl(ticketId: string, seatId: string, latest: Listing | undefined,
  problem: (problem: unknown) => void): HTMLElement {
  const box = h('div', { class: 'resale', 'data-testid': 'resale' });
  const render = (listing: Listing | undefined) => {
    box.replaceChildren();
    if (listing && listing.status === 'OPEN') {
      const withdraw = h('button', { type: 'button', 'data-testid': 'resale-withdraw' }, 'Withdraw from resale');
      withdraw.addEventListener('click', async () => {
        try {
          const answer = await call<Listing>('DELETE', `/api/v1/resale/${listing.listingId}`);
          render(answer.body);
        } catch (failure) {
          problem(failure);
        }
      });
      box.append(h('span', { 'data-testid': 'resale-status' }, `${listingText(listing)} `), withdraw);
      return;
    }
    if (listing && listing.status === 'SOLD') {
      box.append(h('span', { 'data-testid': 'resale-status' }, listingText(listing)));
      return;
    }
    const price = h('input', {
      type: 'number', min: '0.01', step: '0.01', placeholder: 'Face value', 'aria-label': `Resale price of ${seatId}`,
      'data-testid': 'resale-price',
    });
    const list = h('button', { type: 'button', 'data-testid': 'resale-list' }, 'Resell at face value');
    list.addEventListener('click', async () => {
      const value = price.value.trim();
      const body = value ? { priceMinor: Math.round(Number(value) * 100) } : {};
      try {
        const answer = await call<Listing>('POST', `/api/v1/tickets/${ticketId}/resale`, { body });
        render(answer.body);
      } catch (failure) {
        problem(failure);
      }
    });
    box.append(price, list);
  };
  render(latest);
  return box;
}
