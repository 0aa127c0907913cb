// The live seat protocol (docs/API.md, "Live updates"; docs/asyncapi.yaml): a snapshot, then batches of changes
// with a growing `seq`. A batch covers `fromSeq..seq` (`fromSeq` defaults to `seq`); statuses are
// absolute, so overlapping batches are harmless, and a batch that starts past `lastSeq + 1` is a
// gap that needs a fresh snapshot.

export type SeatStatus = 'AVAILABLE' | 'HELD' | 'SOLD' | 'BLOCKED' | 'RESALE';

export const GLYPH: Record<SeatStatus, string> = { AVAILABLE: '.', HELD: 'H', SOLD: 'X', BLOCKED: '#', RESALE: 'R' };

export const STATUS_OF_GLYPH: Record<string, SeatStatus> = { '.': 'AVAILABLE', H: 'HELD', X: 'SOLD', '#': 'BLOCKED', R: 'RESALE' };

export interface SeatChange {
  seatId: string;
  status: SeatStatus;
}

export interface SnapshotMessage {
  type: 'snapshot';
  seq: number;
  statuses: string;
}

export interface SeatsMessage {
  type: 'seats';
  fromSeq?: number;
  seq: number;
  changes: SeatChange[];
}

export type SeatMessage = SnapshotMessage | SeatsMessage;

/** What one message did to the feed. */
export type Outcome =
  | { kind: 'snapshot'; seq: number; statuses: string }
  | { kind: 'changes'; seq: number; changes: SeatChange[] }
  | { kind: 'stale' }
  | { kind: 'gap'; expected: number; got: number }
  | { kind: 'waiting' };

/** The client side of one seat stream: which messages to apply, and when to ask for a resync. */
export class SeatFeed {
  private lastSeq: number | null = null;

  private resyncing = false;

  get seq(): number | null {
    return this.lastSeq;
  }

  /** Applies a message as it arrived; a gap means: send a resync and drop deltas until the snapshot. */
  accept(message: SeatMessage): Outcome {
    if (message.type === 'snapshot') {
      this.lastSeq = message.seq;
      this.resyncing = false;
      return { kind: 'snapshot', seq: message.seq, statuses: message.statuses };
    }
    if (this.lastSeq === null || this.resyncing) {
      return { kind: 'waiting' };
    }
    if (message.seq <= this.lastSeq) {
      return { kind: 'stale' };
    }
    const from = message.fromSeq ?? message.seq;
    if (from > this.lastSeq + 1) {
      const expected = this.lastSeq + 1;
      this.resyncing = true;
      return { kind: 'gap', expected, got: from };
    }
    this.lastSeq = message.seq;
    return { kind: 'changes', seq: message.seq, changes: message.changes };
  }

  /** Forgets everything: after a reconnect the server sends a snapshot first. */
  reset(): void {
    this.lastSeq = null;
    this.resyncing = false;
  }
}

export function parseSeatMessage(text: string): SeatMessage | null {
  try {
    const message = JSON.parse(text) as SeatMessage;
    if (message && (message.type === 'snapshot' || message.type === 'seats') && typeof message.seq === 'number') {
      return message;
    }
  } catch {
    // not ours
  }
  return null;
}
