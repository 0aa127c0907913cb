import { describe, expect, it } from 'vitest';
import { SeatMap } from '../src/seatMap';
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
});
