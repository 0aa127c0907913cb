import { GLYPH, type SeatChange, type SeatStatus } from './protocol';

export interface Money {
  amountMinor: number;
  currency: string;
}

/** `GET /api/v1/events/{id}/seatmap`: seat k (0-based) of a row is at (x + k, y). */
export interface SeatMapLayout {
  eventId: string;
  seatCount: number;
  width: number;
  height: number;
  sections: {
    code: string;
    name: string;
    priceTier: string;
    price: Money;
    /** Set for a general-admission area: its rows are interchangeable places, held by quantity. */
    capacity?: number;
    rows: { label: string; x: number; y: number; seatIds: string[] }[];
  }[];
}

const CODE: Record<string, number> = { '.': 0, H: 1, X: 2, '#': 3 };
const STATUSES: SeatStatus[] = ['AVAILABLE', 'HELD', 'SOLD', 'BLOCKED'];

/**
 * A seat map in flat typed arrays, in seatmap order (the order of `availability` and of the
 * snapshot's glyphs): where each seat is, its section, and its live status. Built once per
 * event; 100,000 seats take a few megabytes and every lookup is O(1).
 */
export class SeatMap {
  readonly ids: string[] = [];

  readonly x: Int32Array;

  readonly y: Int32Array;

  readonly section: Uint16Array;

  readonly rowLabel: string[] = [];

  readonly status: Uint8Array;

  readonly width: number;

  readonly height: number;

  private readonly index = new Map<string, number>();

  private readonly grid: Int32Array;

  constructor(readonly layout: SeatMapLayout) {
    const n = layout.seatCount;
    this.x = new Int32Array(n);
    this.y = new Int32Array(n);
    this.section = new Uint16Array(n);
    this.status = new Uint8Array(n);
    this.width = Math.max(1, layout.width);
    this.height = Math.max(1, layout.height);
    this.grid = new Int32Array(this.width * this.height).fill(-1);
    let i = 0;
    layout.sections.forEach((section, s) => {
      for (const row of section.rows) {
        row.seatIds.forEach((id, k) => {
          this.ids.push(id);
          this.index.set(id, i);
          this.x[i] = row.x + k;
          this.y[i] = row.y;
          this.section[i] = s;
          this.rowLabel.push(row.label);
          this.grid[row.y * this.width + row.x + k] = i;
          i++;
        });
      }
    });
  }

  get size(): number {
    return this.ids.length;
  }

  indexOf(seatId: string): number {
    return this.index.get(seatId) ?? -1;
  }

  statusOf(i: number): SeatStatus {
    return STATUSES[this.status[i]];
  }

  /** The seat drawn at grid cell (x, y), or -1. */
  seatAt(x: number, y: number): number {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) {
      return -1;
    }
    return this.grid[y * this.width + x];
  }

  /** Every seat's status from a snapshot's glyphs. */
  applySnapshot(statuses: string): void {
    const n = Math.min(statuses.length, this.size);
    for (let i = 0; i < n; i++) {
      this.status[i] = CODE[statuses[i]] ?? 0;
    }
  }

  /** Applies changes; answers the indices of the seats whose status changed. */
  applyChanges(changes: SeatChange[]): number[] {
    const changed: number[] = [];
    for (const change of changes) {
      const i = this.indexOf(change.seatId);
      const code = CODE[GLYPH[change.status]];
      if (i >= 0 && code !== undefined && this.status[i] !== code) {
        this.status[i] = code;
        changed.push(i);
      }
    }
    return changed;
  }

  /** The glyphs of every seat, as the snapshot has them. */
  glyphs(): string {
    let out = '';
    for (let i = 0; i < this.size; i++) {
      out += GLYPH[STATUSES[this.status[i]]];
    }
    return out;
  }

  price(i: number): Money {
    return this.layout.sections[this.section[i]].price;
  }

  /**
   * The next seat from `from` in a direction, for keyboard moves: along the row, or to the
   * nearest seat (by x) in the nearest row above or below.
   */
  neighbour(from: number, dx: number, dy: number): number {
    if (from < 0) {
      return this.size > 0 ? 0 : -1;
    }
    const x = this.x[from];
    const y = this.y[from];
    if (dy === 0) {
      for (let cx = x + dx; cx >= 0 && cx < this.width; cx += dx) {
        const i = this.seatAt(cx, y);
        if (i >= 0) {
          return i;
        }
      }
      return from;
    }
    for (let cy = y + dy; cy >= 0 && cy < this.height; cy += dy) {
      for (let d = 0; d < this.width; d++) {
        const left = this.seatAt(x - d, cy);
        if (left >= 0) {
          return left;
        }
        const right = this.seatAt(x + d, cy);
        if (right >= 0) {
          return right;
        }
      }
    }
    return from;
  }

  /** A readable name: "Stalls, row A, seat 12". */
  describe(i: number): string {
    const id = this.ids[i];
    const number = id.substring(id.lastIndexOf('-') + 1);
    return `${this.layout.sections[this.section[i]].name}, row ${this.rowLabel[i]}, seat ${number}`;
  }
}

export function formatMoney(money: Money): string {
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency: money.currency }).format(
      money.amountMinor / 100,
    );
  } catch {
    return `${(money.amountMinor / 100).toFixed(2)} ${money.currency}`;
  }
}
