import { describe, expect, it } from 'vitest';
import { formatDate } from '../src/dom';
import { addressOf, filtersOf, requestOf, saleBadge } from '../src/pages/events';
import { ApiProblem } from '../src/api';
import { cancelledText, readOrder, transferable } from '../src/pages/order';
import { standingOf, waitingText } from '../src/pages/queue';

describe('saleBadge', () => {
  const event = { onSaleAt: '2026-03-01T10:00:00Z', startsAt: '2026-04-01T20:00:00Z' };

  it('says when a sale opens, that it is on, and that it closed when the event started', () => {
    expect(saleBadge(event, Date.parse('2026-02-01T00:00:00Z'))).toEqual({ onSale: false, text: `On sale ${formatDate(event.onSaleAt)}` });
    expect(saleBadge(event, Date.parse(event.onSaleAt))).toEqual({ onSale: true, text: 'On sale' });
    expect(saleBadge(event, Date.parse(event.startsAt))).toEqual({ onSale: false, text: 'Sales closed' });
  });
});

describe('the waiting room', () => {
  it('reads a message of its socket as a standing', () => {
    expect(standingOf({ type: 'position', position: 3 }).status).toBe('WAITING');
    expect(standingOf({ type: 'admitted', admissionToken: 't' })).toEqual({ type: 'admitted', admissionToken: 't', status: 'ADMITTED' });
    expect(standingOf({ type: 'expired' }).status).toBe('EXPIRED');
  });

  it('tells a buyer before sales open when they do, and that places are drawn at random', () => {
    const text = waitingText({ status: 'WAITING', opensAt: '2026-03-01T10:00:00Z' });
    expect(text.position).toBe('You are in the waiting room.');
    expect(text.detail).toBe(`Sales open ${formatDate('2026-03-01T10:00:00Z')}. Everyone who is here before then gets a random place in line.`);
    expect(waitingText({ status: 'WAITING' }).detail).toBe('');
  });

  it('tells a buyer in line their place and the wait in plain words', () => {
    expect(waitingText({ position: 7, nowServing: 3, estimatedWaitSeconds: 20 })).toEqual({
      position: 'You are number 7 in line.', detail: 'Now serving 3. Estimated wait: under a minute.' });
    expect(waitingText({ position: 7, nowServing: 3, estimatedWaitSeconds: 60 }).detail).toBe('Now serving 3. Estimated wait: about 1 minute.');
    expect(waitingText({ position: 7, nowServing: 3, estimatedWaitSeconds: 61 }).detail).toBe('Now serving 3. Estimated wait: about 2 minutes.');
  });
});

describe('the order page', () => {
  const notFound = () => new ApiProblem(404, 'order-not-found', 'No order of yours', {});

  it('asks again for an order that is not stored yet, as the hold already says it was bought', async () => {
    let asked = 0;
    const slept: number[] = [];
    const order = await readOrder(
      async () => {
        asked++;
        if (asked < 3) {
          throw notFound();
        }
        return { orderId: 'o-1' };
      },
      [10, 20, 40],
      async (ms) => {
        slept.push(ms);
      },
    );
    expect(order).toEqual({ orderId: 'o-1' });
    expect(slept).toEqual([10, 20]);
  });

  it('gives up on an order still missing after the last wait, and at once on any other problem', async () => {
    const slept: number[] = [];
    const sleep = async (ms: number) => {
      slept.push(ms);
    };
    await expect(readOrder(async () => Promise.reject(notFound()), [10, 20], sleep)).rejects.toMatchObject({ status: 404 });
    expect(slept).toEqual([10, 20]);
    slept.length = 0;
    const forbidden = new ApiProblem(403, 'forbidden', 'Not yours', {});
    await expect(readOrder(async () => Promise.reject(forbidden), [10, 20], sleep)).rejects.toBe(forbidden);
    expect(slept).toEqual([]);
  });

  it('offers to give away only valid tickets of a confirmed order', () => {
    expect(transferable({ status: 'CONFIRMED' }, {})).toBe(true);
    expect(transferable({ status: 'CONFIRMED' }, { status: 'VALID' })).toBe(true);
    expect(transferable({ status: 'CONFIRMED' }, { status: 'TRANSFERRED' })).toBe(false);
    expect(transferable({ status: 'CANCELLED' }, { status: 'VALID' })).toBe(false);
  });

  it('says whether money is on its way after a cancel', () => {
    expect(cancelledText('PENDING')).toBe('Cancelled. Your refund is on its way.');
    expect(cancelledText('NONE')).toBe('Cancelled. Your seats are back on sale.');
  });
});

describe('the event search', () => {
  it('keeps only what is set in the address, and reads it back', () => {
    const filters = filtersOf(new URLSearchParams('q=jazz&city=Lisbon&available=true'));
    expect(filters).toMatchObject({ q: 'jazz', city: 'Lisbon', available: true, maxPrice: '' });
    expect(addressOf(filters)).toBe('/?q=jazz&city=Lisbon&available=true');
    expect(addressOf(filtersOf(new URLSearchParams('')))).toBe('/');
  });

  it('asks the API for a page in minor units, leaving out a search of one letter', () => {
    const filters = filtersOf(new URLSearchParams('q=j&maxPrice=25.5&sort=price'));
    expect(requestOf(filters, null)).toBe('/api/v1/events?sort=price&maxPrice=2550&limit=20');
    expect(requestOf({ ...filters, q: 'ja' }, 'abc')).toBe('/api/v1/events?q=ja&sort=price&maxPrice=2550&limit=20&cursor=abc');
  });
});
