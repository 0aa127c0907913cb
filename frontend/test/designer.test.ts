import { describe, expect, it } from 'vitest';
import { History, cycleKind, draftOf, newDraft, nextLabel } from '../src/pages/designer';

describe('the chart designer', () => {
  it('labels the next row after the last one', () => {
    expect(nextLabel('A')).toBe('B');
    expect(nextLabel('Y')).toBe('Z');
    expect(nextLabel('Z')).toBe('AA');
    expect(nextLabel('9')).toBe('10');
    expect(nextLabel('AB')).toBe('AC');
  });

  it('cycles a seat through wheelchair place, companion seat, restricted view and back', () => {
    const row = { label: 'A', seats: 6 };
    cycleKind(row, 3, false);
    expect(row).toEqual({ label: 'A', seats: 6, wheelchair: [3] });
    cycleKind(row, 1, false);
    cycleKind(row, 3, false);
    expect(row).toEqual({ label: 'A', seats: 6, wheelchair: [1], companion: [3] });
    cycleKind(row, 3, false);
    expect(row).toEqual({ label: 'A', seats: 6, wheelchair: [1], restrictedView: [3] });
    cycleKind(row, 3, false);
    expect(row).toEqual({ label: 'A', seats: 6, wheelchair: [1] });
    // a table has no restricted views: companion goes back to standard
    const table = { label: 'T1', seats: 4, x: 0, y: 0, companion: [2] };
    cycleKind(table, 2, true);
    expect(table).toEqual({ label: 'T1', seats: 4, x: 0, y: 0 });
  });

  it('undoes and redoes whole steps, and a new step drops what was undone', () => {
    const draft = newDraft();
    const history = new History(draft);
    draft.name = 'One';
    history.push(draft);
    draft.name = 'Two';
    history.push(draft);
    history.push(draft); // no change, no step
    expect(history.undo()?.name).toBe('One');
    expect(history.undo()?.name).toBe('New venue');
    expect(history.undo()).toBeNull();
    expect(history.redo()?.name).toBe('One');
    const branch = history.current();
    branch.name = 'Three';
    history.push(branch);
    expect(history.redo()).toBeNull();
    expect(history.undo()?.name).toBe('One');
  });

  it('re-opens a saved venue as the draft POST takes, without seat ids', () => {
    const draft = draftOf({
      venueId: 'v1', name: 'Hall', city: 'Porto', seatCount: 3,
      stage: { label: 'Stage', x: 0, y: -4, width: 8, height: 2 },
      sections: [
        { code: 'S', name: 'Stalls', priceTier: 'std', x: 0, y: 0, rotation: 10,
          rows: [{ label: 'A', seats: 2, seatIds: ['S-A-1', 'S-A-2'], radius: 9, wheelchair: [1] }],
          tables: [{ label: 'T1', seats: 1, seatIds: ['S-T1-1'], x: 0, y: 3 }] },
        { code: 'GA', name: 'Pit', priceTier: 'std', capacity: 100, rows: [{ label: 'GA1', seats: 50, seatIds: [] }] },
      ],
    } as never);
    expect(draft).toEqual({
      name: 'Hall', city: 'Porto',
      stage: { label: 'Stage', x: 0, y: -4, width: 8, height: 2 },
      sections: [
        { code: 'S', name: 'Stalls', priceTier: 'std', x: 0, y: 0, rotation: 10,
          rows: [{ label: 'A', seats: 2, radius: 9, wheelchair: [1] }], tables: [{ label: 'T1', seats: 1, x: 0, y: 3 }] },
        { code: 'GA', name: 'Pit', priceTier: 'std', capacity: 100 },
      ],
    });
  });
});
