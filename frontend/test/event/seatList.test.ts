import { describe, expect, it } from 'vitest';
import { freeCount, listedRows, sectionStarts } from '../../src/pages/event/seatList';
import { SeatMap } from '../../src/seatMap';
import { layout } from '../layout';

describe('the list of free seats', () => {
  it('knows where each section starts in seatmap order', () => {
    expect(sectionStarts(new SeatMap(layout()))).toEqual([0, 6, 7]);
  });

  it('offers the free seats and the buyer\'s own pick, row by row, numbered within the row', () => {
    const map = new SeatMap(layout());
    map.applySnapshot('.HX#...');
    const picked = new Set([map.indexOf('S-A-2')]);
    expect(listedRows(map, 0, 0, picked)).toEqual([
      { label: 'A', seats: [{ seat: 0, number: 1 }, { seat: 1, number: 2 }] },
      { label: 'B', seats: [{ seat: 4, number: 1 }, { seat: 5, number: 2 }] },
    ]);
    expect(listedRows(map, 1, 6, new Set())).toEqual([{ label: 'A', seats: [{ seat: 6, number: 1 }] }]);
  });

  it('keeps a row with no free seat, empty', () => {
    const map = new SeatMap(layout());
    map.applySnapshot('XXXX...');
    expect(listedRows(map, 0, 0, new Set())[0]).toEqual({ label: 'A', seats: [] });
  });

  it('counts the free places of a range', () => {
    const map = new SeatMap(layout());
    map.applySnapshot('.HX#..H');
    expect(freeCount(map, 0, 6)).toBe(3);
    expect(freeCount(map, 6, 7)).toBe(0);
  });
});
