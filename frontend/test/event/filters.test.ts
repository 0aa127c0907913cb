import { describe, expect, it } from 'vitest';
import { matching } from '../../src/pages/event/filters';
import { SeatMap, type SeatMapLayout } from '../../src/seatMap';

/** Row A: six seats with an aisle after the third, W and C at its start; row B: four dearer seats. */
function hall(): SeatMap {
  const layout: SeatMapLayout = {
    eventId: 'e', seatCount: 10, width: 6, height: 2,
    sections: [{ code: 'S', name: 'Stalls', priceTier: 'std', price: { amountMinor: 4000, currency: 'EUR' }, rows: [
      { label: 'A', x: 0, y: 0, seatIds: ['S-A-1', 'S-A-2', 'S-A-3', 'S-A-4', 'S-A-5', 'S-A-6'], gapsAfter: [3], categories: 'WC----' },
      { label: 'B', x: 1, y: 1, seatIds: ['S-B-1', 'S-B-2', 'S-B-3', 'S-B-4'], priceTier: 'box', price: { amountMinor: 9000, currency: 'EUR' } },
    ] }],
  };
  return new SeatMap(layout);
}

const shownIds = (map: SeatMap, shown: Uint8Array | null) => map.ids.filter((_, i) => shown === null || shown[i] === 1);

describe('the map filters', () => {
  it('show everything until the buyer narrows the map', () => {
    expect(matching(hall(), { accessible: false, together: 1 })).toBeNull();
  });

  it('fade seats above the top price, and all but wheelchair places and companions when asked', () => {
    const map = hall();
    expect(shownIds(map, matching(map, { maxPrice: 4000, accessible: false, together: 1 })))
      .toEqual(['S-A-1', 'S-A-2', 'S-A-3', 'S-A-4', 'S-A-5', 'S-A-6']);
    expect(shownIds(map, matching(map, { accessible: true, together: 1 }))).toEqual(['S-A-1', 'S-A-2']);
  });

  it('show seats together only in runs long enough: free, of the asked kind, not across an aisle', () => {
    const map = hall();
    map.applySnapshot('....H.....');
    // A-3 alone by the aisle, A-6 alone past the held A-5; W and C are not standard seats
    expect(shownIds(map, matching(map, { accessible: false, together: 2 }))).toEqual(['S-B-1', 'S-B-2', 'S-B-3', 'S-B-4']);
    map.applySnapshot('..........');
    expect(shownIds(map, matching(map, { accessible: false, together: 3 }))).toEqual(['S-A-4', 'S-A-5', 'S-A-6', 'S-B-1', 'S-B-2', 'S-B-3', 'S-B-4']);
    expect(shownIds(map, matching(map, { accessible: true, together: 2 }))).toEqual(['S-A-1', 'S-A-2']);
    expect(shownIds(map, matching(map, { maxPrice: 4000, accessible: false, together: 4 }))).toEqual([]);
  });
});
