import { describe, expect, it } from 'vitest';
import { SeatMap, holdable, onPlan, seatInSection, type SeatMapLayout, type SeatMapRow } from '../src/seatMap';
import { layout } from './layout';

describe('SeatMap', () => {
  it('places every seat where the layout says, in seatmap order', () => {
    const map = new SeatMap(layout());
    expect(map.size).toBe(7);
    expect(map.ids).toEqual(['S-A-1', 'S-A-2', 'S-A-3', 'S-A-4', 'S-B-1', 'S-B-2', 'B-A-1']);
    expect(map.seatAt(2, 1)).toBe(map.indexOf('S-B-2'));
    expect(map.seatAt(0, 1)).toBe(-1);
    expect(map.seatAt(9, 9)).toBe(-1);
    expect(map.price(map.indexOf('B-A-1')).amountMinor).toBe(2000);
    expect(map.describe(map.indexOf('S-B-2'))).toBe('Stalls, row B, seat 2');
  });

  it('takes statuses from a snapshot and answers only the seats a delta really changed', () => {
    const map = new SeatMap(layout());
    map.applySnapshot('.HX#...');
    expect(map.statusOf(1)).toBe('HELD');
    expect(map.statusOf(2)).toBe('SOLD');
    expect(map.statusOf(3)).toBe('BLOCKED');
    const changed = map.applyChanges([
      { seatId: 'S-A-1', status: 'HELD' },
      { seatId: 'S-A-2', status: 'HELD' },
      { seatId: 'NO-SUCH-1', status: 'SOLD' },
    ]);
    expect(changed).toEqual([0]);
    expect(map.glyphs()).toBe('HHX#...');
  });

  it('knows resale seats as holdable and treats a glyph it does not know as taken', () => {
    const map = new SeatMap(layout());
    map.applySnapshot('.RX?...');
    expect(map.statusOf(1)).toBe('RESALE');
    expect(holdable(map.status[1])).toBe(true);
    expect(holdable(map.status[0])).toBe(true);
    expect(holdable(map.status[2])).toBe(false);
    expect(map.statusOf(3)).toBe('SOLD');
    expect(map.applyChanges([{ seatId: 'S-A-3', status: 'RESALE' }])).toEqual([2]);
    expect(map.glyphs()).toBe('.RRX...');
  });

  it('moves a keyboard cursor along rows and to the nearest seat above or below', () => {
    const map = new SeatMap(layout());
    const a1 = map.indexOf('S-A-1');
    expect(map.neighbour(-1, 1, 0)).toBe(a1);
    expect(map.neighbour(a1, 1, 0)).toBe(map.indexOf('S-A-2'));
    expect(map.neighbour(a1, -1, 0)).toBe(a1);
    expect(map.neighbour(a1, 0, 1)).toBe(map.indexOf('S-B-1'));
    expect(map.neighbour(map.indexOf('S-A-4'), 0, 1)).toBe(map.indexOf('S-B-2'));
    expect(map.neighbour(map.indexOf('S-B-2'), 0, 1)).toBe(map.indexOf('B-A-1'));
    expect(map.neighbour(map.indexOf('B-A-1'), 0, 1)).toBe(map.indexOf('B-A-1'));
  });

  it('holds a 100,000-seat stadium in flat arrays', () => {
    const rows = Array.from({ length: 200 }, (_, r) => ({
      label: `R${r + 1}`, x: 0, y: r, seatIds: Array.from({ length: 500 }, (_, k) => `BOWL-R${r + 1}-${k + 1}`),
    }));
    const map = new SeatMap({ eventId: 'big', seatCount: 100_000, width: 500, height: 200,
      sections: [{ code: 'BOWL', name: 'Bowl', priceTier: 'std', price: { amountMinor: 1, currency: 'EUR' }, rows }] });
    map.applySnapshot('H'.repeat(100_000));
    expect(map.size).toBe(100_000);
    expect(map.seatAt(499, 199)).toBe(99_999);
    expect(map.statusOf(99_999)).toBe('HELD');
  });

  // the same venues and numbers as the server's VenuePlanTests: both follow docs/API.md
  const row = (label: string, n: number, shape: Partial<SeatMapRow>): SeatMapRow => ({
    label, x: 0, y: 0, seatIds: Array.from({ length: n }, (_, k) => `S-${label}-${k + 1}`), cx: 0, cy: 0, ...shape,
  });

  it('puts a curved row on one circle, its ends bent towards the stage', () => {
    const arc = row('A', 9, { radius: 10, spacing: 1.2 });
    expect(seatInSection(arc, 4)[0]).toBeCloseTo(0, 9);
    expect(seatInSection(arc, 4)[1]).toBeCloseTo(0, 9);
    for (let k = 0; k < 9; k++) {
      const [x, y] = seatInSection(arc, k);
      expect(Math.hypot(x, y + 10)).toBeCloseTo(10, 9);
    }
    expect(seatInSection(arc, 0)[1]).toBeLessThan(0);
    expect(seatInSection(arc, 0)[0]).toBeCloseTo(-seatInSection(arc, 8)[0], 9);
  });

  it('leaves an aisle, turns a section about its origin and seats a table round its middle', () => {
    const section = { code: 'L', name: 'Left', priceTier: 'std', price: { amountMinor: 1, currency: 'EUR' }, rows: [],
      planX: 10, planY: 0, rotation: 90 };
    const aisle = row('A', 4, { gapsAfter: [2] });
    const seats = [0, 1, 2, 3].map((k) => onPlan(section, ...seatInSection(aisle, k)));
    [[10, -2], [10, -1], [10, 1], [10, 2]].forEach(([x, y], k) => {
      expect(seats[k][0]).toBeCloseTo(x, 9);
      expect(seats[k][1]).toBeCloseTo(y, 9);
    });
    const table = row('T1', 4, { table: true, radius: 1, cy: 5 });
    [[0, 4], [1, 5], [0, 6], [-1, 5]].forEach(([x, y], k) => {
      expect(seatInSection(table, k)[0]).toBeCloseTo(x, 9);
      expect(seatInSection(table, k)[1]).toBeCloseTo(y, 9);
    });
  });

  it('finds the seat under a point of the plan, prices by row and names the kind of place', () => {
    const price = { amountMinor: 4000, currency: 'EUR' };
    const planned: SeatMapLayout = {
      eventId: 'p', seatCount: 5, width: 3, height: 2, bounds: [-2, -1, 2, 3],
      stage: { label: 'Stage', x: 0, y: -0.5, width: 4, height: 1, focusX: 0, focusY: -0.5 },
      prices: { std: price, back: { amountMinor: 3000, currency: 'EUR' }, box: { amountMinor: 9900, currency: 'EUR' } },
      sections: [{ code: 'S', name: 'Stalls', priceTier: 'std', price, planX: 0, planY: 1, rotation: 0,
        outline: [-2, 0.5, 2, 0.5, 2, 2.5, -2, 2.5], rows: [
          { ...row('A', 3, {}), categories: 'WC-', seatTiers: { box: [3] } },
          { ...row('B', 2, { cy: 1 }), priceTier: 'back', price: { amountMinor: 3000, currency: 'EUR' } },
        ] }],
    };
    const map = new SeatMap(planned);
    // the plan's (0, 0) is drawn at (2, 1): S-A-2 stands at (0, 1) on the plan
    expect(map.seatNear(2, 2)).toBe(map.indexOf('S-A-2'));
    expect(map.seatNear(1.1, 2.3)).toBe(map.indexOf('S-A-1'));
    expect(map.seatNear(0.2, 2)).toBe(-1);
    expect(map.seatNear(1.5, 3)).toBe(map.indexOf('S-B-1'));
    expect(map.price(map.indexOf('S-B-1')).amountMinor).toBe(3000);
    expect(map.price(map.indexOf('S-A-1')).amountMinor).toBe(4000);
    expect(map.describe(map.indexOf('S-A-1'))).toBe('Stalls, row A, seat 1 (wheelchair place)');
    expect(map.describe(map.indexOf('S-A-2'))).toBe('Stalls, row A, seat 2 (companion seat)');
    expect(map.price(map.indexOf('S-A-3')).amountMinor).toBe(9900);
    expect(map.tiers.map((tier) => tier.name)).toEqual(['std', 'box', 'back']);
    expect(map.planWidth).toBe(4);
  });
});
