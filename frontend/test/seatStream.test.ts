import { describe, expect, it } from 'vitest';
import type { SeatChange } from '../src/protocol';
import { SeatStream, socketUrl, type Connection, type SocketLike, type Timers } from '../src/seatStream';

class FakeSocket implements SocketLike {
  readyState = 1;
  sent: string[] = [];
  closed = false;
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;

  send(data: string) {
    this.sent.push(data);
  }

  close() {
    this.closed = true;
  }

  receive(message: object) {
    this.onmessage?.({ data: JSON.stringify(message) });
  }

  drop(code = 1006) {
    this.onclose?.({ code });
  }
}

class FakeTimers implements Timers {
  pending: { callback: () => void; ms: number }[] = [];

  setTimeout(callback: () => void, ms: number) {
    const timer = { callback, ms };
    this.pending.push(timer);
    return timer;
  }

  clearTimeout(handle: unknown) {
    this.pending = this.pending.filter((timer) => timer !== handle);
  }

  runNext() {
    const next = this.pending.shift();
    next?.callback();
    return next?.ms;
  }
}

function setUp(random: () => number = () => 1) {
  const sockets: FakeSocket[] = [];
  const timers = new FakeTimers();
  const seen: { snapshots: [number, string][]; changes: [number, SeatChange[]][]; states: Connection[] } = {
    snapshots: [],
    changes: [],
    states: [],
  };
  const stream = new SeatStream(
    'ws://host/ws/events/e1',
    {
      snapshot: (seq, statuses) => seen.snapshots.push([seq, statuses]),
      changes: (seq, changes) => seen.changes.push([seq, changes]),
      connection: (state) => seen.states.push(state),
    },
    (url) => {
      expect(url).toBe('ws://host/ws/events/e1');
      const socket = new FakeSocket();
      sockets.push(socket);
      return socket;
    },
    timers,
    random,
  );
  return { stream, sockets, timers, seen };
}

describe('SeatStream', () => {
  it('hands on the snapshot, then the deltas in order', () => {
    const { stream, sockets, seen } = setUp();
    stream.start();
    sockets[0].receive({ type: 'snapshot', seq: 7, statuses: '..' });
    sockets[0].receive({ type: 'seats', seq: 8, changes: [{ seatId: 'S-A-1', status: 'HELD' }] });
    sockets[0].receive({ type: 'seats', seq: 8, changes: [{ seatId: 'S-A-1', status: 'HELD' }] });
    expect(seen.snapshots).toEqual([[7, '..']]);
    expect(seen.changes).toEqual([[8, [{ seatId: 'S-A-1', status: 'HELD' }]]]);
    expect(seen.states).toEqual(['connecting', 'live']);
  });

  it('asks for a resync on a gap and applies nothing until the fresh snapshot', () => {
    const { stream, sockets, seen } = setUp();
    stream.start();
    sockets[0].receive({ type: 'snapshot', seq: 1, statuses: '..' });
    sockets[0].receive({ type: 'seats', seq: 3, changes: [{ seatId: 'S-A-2', status: 'SOLD' }] });
    expect(sockets[0].sent).toEqual(['{"type":"resync"}']);
    sockets[0].receive({ type: 'seats', seq: 4, changes: [] });
    expect(seen.changes).toEqual([]);
    sockets[0].receive({ type: 'snapshot', seq: 4, statuses: '.X' });
    expect(seen.snapshots).toEqual([[1, '..'], [4, '.X']]);
    expect(sockets[0].sent).toHaveLength(1);
  });

  it('follows an event whose seq restarted from the clock after the server lost its Redis', () => {
    const { stream, sockets, seen } = setUp();
    stream.start();
    sockets[0].receive({ type: 'snapshot', seq: 57, statuses: 'HH..' });
    // Redis restarted empty: the next change is counted from its clock, far above 57 and exact
    const restarted = 1_764_625_000_123_457;
    sockets[0].receive({ type: 'seats', fromSeq: restarted, seq: restarted, changes: [{ seatId: 'S-B-1', status: 'HELD' }] });
    expect(sockets[0].sent).toEqual(['{"type":"resync"}']);
    expect(seen.changes).toEqual([]);
    sockets[0].receive({ type: 'snapshot', seq: restarted, statuses: '..H.' });
    sockets[0].receive({ type: 'seats', seq: restarted + 1, changes: [{ seatId: 'S-B-2', status: 'HELD' }] });
    expect(seen.snapshots.at(-1)).toEqual([restarted, '..H.']);
    expect(seen.changes).toEqual([[restarted + 1, [{ seatId: 'S-B-2', status: 'HELD' }]]]);
  });

  it('asks again for a snapshot that does not come, and stops asking once it does', () => {
    const { stream, sockets, timers, seen } = setUp();
    stream.start();
    sockets[0].receive({ type: 'snapshot', seq: 1, statuses: '..' });
    sockets[0].receive({ type: 'seats', seq: 3, changes: [] });
    expect(sockets[0].sent).toHaveLength(1);
    expect(timers.runNext()).toBe(5_000);
    expect(sockets[0].sent).toEqual(['{"type":"resync"}', '{"type":"resync"}']);
    sockets[0].receive({ type: 'snapshot', seq: 4, statuses: 'X.' });
    expect(seen.snapshots.at(-1)).toEqual([4, 'X.']);
    expect(timers.pending).toHaveLength(0);
  });

  it('spreads the reconnects of watchers whose node went away over half the back-off', () => {
    const draws = [0, 0.5, 0.999];
    const waits = draws.map((draw) => {
      const { stream, sockets, timers } = setUp(() => draw);
      stream.start();
      sockets[0].receive({ type: 'snapshot', seq: 1, statuses: '.' });
      sockets[0].drop(1001);
      return timers.runNext();
    });
    expect(waits).toEqual([250, 375, 500]);
  });

  it('reconnects with growing back-off after a drop and starts again from a snapshot', () => {
    const { stream, sockets, timers, seen } = setUp();
    stream.start();
    sockets[0].receive({ type: 'snapshot', seq: 1, statuses: '.' });
    sockets[0].drop();
    expect(seen.states.at(-1)).toBe('reconnecting');
    expect(timers.runNext()).toBe(500);
    expect(sockets).toHaveLength(2);
    // the new socket's deltas wait for its snapshot
    sockets[1].receive({ type: 'seats', seq: 2, changes: [] });
    expect(seen.changes).toEqual([]);
    sockets[1].drop();
    expect(timers.runNext()).toBe(1000);
    sockets[2].receive({ type: 'snapshot', seq: 9, statuses: 'H' });
    expect(seen.snapshots.at(-1)).toEqual([9, 'H']);
    expect(seen.states.at(-1)).toBe('live');
    // a healthy connection resets the back-off
    sockets[2].drop();
    expect(timers.runNext()).toBe(500);
  });

  it('does not retry an unknown event, nor after stop', () => {
    const { stream, sockets, timers, seen } = setUp();
    stream.start();
    sockets[0].drop(4404);
    expect(seen.states.at(-1)).toBe('gone');
    expect(timers.pending).toHaveLength(0);

    const second = setUp();
    second.stream.start();
    second.stream.stop();
    expect(second.sockets[0].closed).toBe(true);
    second.sockets[0].drop();
    expect(second.timers.pending).toHaveLength(0);
  });
});

describe('socketUrl', () => {
  it('follows the page: ws for http, wss for https', () => {
    expect(socketUrl('/ws/events/x', { protocol: 'http:', host: 'localhost:8080' })).toBe('ws://localhost:8080/ws/events/x');
    expect(socketUrl('/ws/events/x', { protocol: 'https:', host: 'tickets.example' })).toBe('wss://tickets.example/ws/events/x');
  });
});
