import { describe, expect, it } from 'vitest';
import { SeatFeed, parseSeatMessage } from '../src/protocol';

describe('SeatFeed', () => {
  it('waits for the snapshot before applying any delta', () => {
    const feed = new SeatFeed();
    expect(feed.accept({ type: 'seats', seq: 5, changes: [] }).kind).toBe('waiting');
    expect(feed.accept({ type: 'snapshot', seq: 5, statuses: '..H' })).toEqual({ kind: 'snapshot', seq: 5, statuses: '..H' });
    expect(feed.seq).toBe(5);
  });

  it('applies deltas in order and ignores ones it already has', () => {
    const feed = new SeatFeed();
    feed.accept({ type: 'snapshot', seq: 5, statuses: '...' });
    const change = { seatId: 'S-A-1', status: 'HELD' as const };
    expect(feed.accept({ type: 'seats', seq: 6, changes: [change] })).toEqual({ kind: 'changes', seq: 6, changes: [change] });
    expect(feed.accept({ type: 'seats', seq: 6, changes: [change] }).kind).toBe('stale');
    expect(feed.accept({ type: 'seats', seq: 4, changes: [change] }).kind).toBe('stale');
    expect(feed.seq).toBe(6);
  });

  it('accepts a coalesced batch that overlaps what it has and moves to its end', () => {
    const feed = new SeatFeed();
    feed.accept({ type: 'snapshot', seq: 10, statuses: '...' });
    expect(feed.accept({ type: 'seats', fromSeq: 9, seq: 14, changes: [] }).kind).toBe('changes');
    expect(feed.seq).toBe(14);
    expect(feed.accept({ type: 'seats', fromSeq: 15, seq: 20, changes: [] }).kind).toBe('changes');
    expect(feed.seq).toBe(20);
  });

  it('reports a gap once, then drops deltas until the fresh snapshot arrives', () => {
    const feed = new SeatFeed();
    feed.accept({ type: 'snapshot', seq: 3, statuses: '...' });
    expect(feed.accept({ type: 'seats', seq: 5, changes: [] })).toEqual({ kind: 'gap', expected: 4, got: 5 });
    expect(feed.accept({ type: 'seats', seq: 6, changes: [] }).kind).toBe('waiting');
    expect(feed.accept({ type: 'snapshot', seq: 6, statuses: 'HHH' }).kind).toBe('snapshot');
    expect(feed.accept({ type: 'seats', seq: 7, changes: [] }).kind).toBe('changes');
  });

  it('starts over after a reset (a reconnect)', () => {
    const feed = new SeatFeed();
    feed.accept({ type: 'snapshot', seq: 3, statuses: '...' });
    feed.reset();
    expect(feed.accept({ type: 'seats', seq: 4, changes: [] }).kind).toBe('waiting');
  });
});

describe('parseSeatMessage', () => {
  it('reads seat messages and refuses anything else', () => {
    expect(parseSeatMessage('{"type":"snapshot","seq":1,"statuses":"."}')).toEqual({ type: 'snapshot', seq: 1, statuses: '.' });
    expect(parseSeatMessage('{"type":"position","position":3}')).toBeNull();
    expect(parseSeatMessage('not json')).toBeNull();
    expect(parseSeatMessage('{"type":"seats"}')).toBeNull();
  });
});
