import { SeatFeed, parseSeatMessage, type SeatChange } from './protocol';

/** The parts of a WebSocket the stream uses, so tests can hand in a fake. */
export interface SocketLike {
  readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

export type SocketFactory = (url: string) => SocketLike;

export type Connection = 'connecting' | 'live' | 'reconnecting' | 'closed' | 'gone';

export interface SeatStreamListener {
  snapshot(seq: number, statuses: string): void;
  changes(seq: number, changes: SeatChange[]): void;
  connection?(state: Connection): void;
}

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const browserTimers: Timers = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as number),
};

/** How long a resync may go unanswered before it is asked for again (the server throttles resyncs to about one a second). */
export const RESYNC_PATIENCE_MS = 5_000;

/**
 * Keeps one event's seat stream alive: applies the snapshot and the deltas in order, asks for a
 * resync on a gap (and again while no snapshot comes), and reconnects with growing back-off (up
 * to 10 s, each wait drawn between half of it and all of it) when the socket drops or its node
 * goes away (1001), starting again from the fresh snapshot the server sends on connect. An
 * unknown event (close 4404) is not retried.
 *
 * A `seq` is only ever compared within one stream: after the server's Redis lost an event, its
 * `seq` continues from Redis's clock (far above, still exact in a JavaScript number), so the next
 * delta is a gap and the map is taken afresh; the server also sends that snapshot by itself.
 */
export class SeatStream {
  private readonly feed = new SeatFeed();

  private socket: SocketLike | null = null;

  private attempts = 0;

  private retry: unknown = null;

  private stopped = false;

  private unanswered: unknown = null;

  constructor(
    private readonly url: string,
    private readonly listener: SeatStreamListener,
    private readonly connect: SocketFactory = (u) => new WebSocket(u) as unknown as SocketLike,
    private readonly timers: Timers = browserTimers,
    private readonly random: () => number = Math.random,
  ) {}

  start(): void {
    this.stopped = false;
    this.open();
  }

  stop(): void {
    this.stopped = true;
    this.stopWaiting();
    if (this.retry !== null) {
      this.timers.clearTimeout(this.retry);
      this.retry = null;
    }
    this.socket?.close(1000, 'bye');
    this.socket = null;
    this.listener.connection?.('closed');
  }

  /** Asks for a fresh snapshot (also what a gap does by itself), and again while none comes. */
  resync(): void {
    this.socket?.send(JSON.stringify({ type: 'resync' }));
    if (this.unanswered === null) {
      const socket = this.socket;
      this.unanswered = this.timers.setTimeout(() => {
        this.unanswered = null;
        if (this.socket === socket && !this.stopped) {
          this.resync();
        }
      }, RESYNC_PATIENCE_MS);
    }
  }

  private stopWaiting(): void {
    if (this.unanswered !== null) {
      this.timers.clearTimeout(this.unanswered);
      this.unanswered = null;
    }
  }

  private open(): void {
    this.listener.connection?.(this.attempts === 0 ? 'connecting' : 'reconnecting');
    this.feed.reset();
    const socket = this.connect(this.url);
    this.socket = socket;
    socket.onmessage = (event) => {
      if (typeof event.data !== 'string') {
        return;
      }
      const message = parseSeatMessage(event.data);
      if (!message) {
        return;
      }
      const outcome = this.feed.accept(message);
      switch (outcome.kind) {
        case 'snapshot':
          this.stopWaiting();
          this.attempts = 0;
          this.listener.connection?.('live');
          this.listener.snapshot(outcome.seq, outcome.statuses);
          break;
        case 'changes':
          this.listener.changes(outcome.seq, outcome.changes);
          break;
        case 'gap':
          this.resync();
          break;
        default:
          break;
      }
    };
    socket.onclose = (event) => {
      if (this.socket !== socket || this.stopped) {
        return;
      }
      this.socket = null;
      this.stopWaiting();
      if (event.code === 4404) {
        this.listener.connection?.('gone');
        return;
      }
      this.attempts++;
      // between half the back-off and all of it: the watchers of a node that goes away (1001)
      // all hear it at once, and should not all come back to the others at once
      const backOff = Math.min(10_000, 250 * 2 ** Math.min(this.attempts, 6));
      const delay = Math.round(backOff * (0.5 + this.random() / 2));
      this.listener.connection?.('reconnecting');
      this.retry = this.timers.setTimeout(() => {
        this.retry = null;
        if (!this.stopped) {
          this.open();
        }
      }, delay);
    };
    socket.onerror = () => {
      // onclose follows and decides
    };
  }
}

/** ws:// or wss:// URL of a server path, relative to the page. */
export function socketUrl(path: string, location: { protocol: string; host: string } = window.location): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${path}`;
}
