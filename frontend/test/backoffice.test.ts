import { describe, expect, it } from 'vitest';
import { counts, lastMinutes, venueTiers, type SalesView } from '../src/pages/backoffice';
import { SeatMap } from '../src/seatMap';
import { layout } from './layout';

describe('the backoffice', () => {
  it('prices every tier of a venue: sections, rows, tables and single seats', () => {
    const tiers = venueTiers({
      venueId: 'v', name: 'Hall', city: 'Porto', seatCount: 0,
      sections: [
        { code: 'S', name: 'Stalls', priceTier: 'std', rows: [{ label: 'A', seats: 2, seatIds: [], priceTier: 'front', seatTiers: { box: [1] } }],
          tables: [{ label: 'T1', seats: 4, seatIds: [], priceTier: 'table' }] },
        { code: 'B', name: 'Balcony', priceTier: 'std', rows: [] },
      ],
    } as never);
    expect(tiers).toEqual(['std', 'front', 'box', 'table']);
  });

  it('counts the seats of a map by status', () => {
    const map = new SeatMap(layout());
    map.applySnapshot('.HXX#..');
    expect(counts(map)).toEqual({ free: 3, held: 1, sold: 2, blocked: 1 });
  });

  it('charts the last minutes from the server sales and those counted live since', () => {
    const now = Date.parse('2026-12-04T18:10:30Z');
    const sales: SalesView = {
      eventId: 'e', orders: 2, tickets: 3, revenue: { amountMinor: 15000, currency: 'EUR' }, cancelledOrders: 0,
      perMinute: [
        { minute: '2026-12-04T18:08:00Z', orders: 1, tickets: 2, revenue: { amountMinor: 10000, currency: 'EUR' } },
        { minute: '2026-12-04T17:00:00Z', orders: 1, tickets: 1, revenue: { amountMinor: 5000, currency: 'EUR' } },
      ],
    };
    const live = new Map([[Date.parse('2026-12-04T18:10:00Z'), 4], [Date.parse('2026-12-04T18:08:00Z'), 1]]);
    const bars = lastMinutes(sales, live, now, 5);
    expect(bars.map((bar) => new Date(bar.minute).toISOString().slice(11, 16))).toEqual(['18:06', '18:07', '18:08', '18:09', '18:10']);
    expect(bars.map((bar) => bar.tickets)).toEqual([0, 0, 3, 0, 4]);
  });
});
