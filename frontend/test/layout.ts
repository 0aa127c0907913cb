import type { SeatMapLayout } from '../src/seatMap';

/** A small hall: Stalls (rows A of four and B of two seats) and a one-seat Balcony, on a 4 × 3 grid. */
export function layout(): SeatMapLayout {
  const price = { amountMinor: 5000, currency: 'EUR' };
  return {
    eventId: 'e1',
    seatCount: 7,
    width: 4,
    height: 3,
    sections: [
      { code: 'S', name: 'Stalls', priceTier: 'std', price, rows: [
        { label: 'A', x: 0, y: 0, seatIds: ['S-A-1', 'S-A-2', 'S-A-3', 'S-A-4'] },
        { label: 'B', x: 1, y: 1, seatIds: ['S-B-1', 'S-B-2'] },
      ] },
      { code: 'B', name: 'Balcony', priceTier: 'cheap', price: { amountMinor: 2000, currency: 'EUR' }, rows: [
        { label: 'A', x: 2, y: 2, seatIds: ['B-A-1'] },
      ] },
    ],
  };
}
