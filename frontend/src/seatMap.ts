import { GLYPH, type SeatChange, type SeatStatus } from './protocol';

export interface Money {
  amountMinor: number;
  currency: string;
}

/** A row of `/seatmap`: on the grid (seat k at (x + k, y)) and, where the server sends it, its shape on the plan. */
export interface SeatMapRow {
  label: string;
  x: number;
  y: number;
  seatIds: string[];
  cx?: number;
  cy?: number;
  spacing?: number;
  radius?: number;
  gapsAfter?: number[];
  table?: boolean;
  /** One letter per seat: `-` standard, `W` wheelchair place, `C` companion seat, `R` restricted view. */
  categories?: string;
  priceTier?: string;
  price?: Money;
  /** Single seats' own tiers: tier to seat numbers, priced in the layout's `prices`. */
  seatTiers?: Record<string, number[]>;
}

export interface SeatMapSection {
  code: string;
  name: string;
  priceTier: string;
  price: Money;
  /** Set for a general-admission area: its rows are interchangeable places, held by quantity. */
  capacity?: number;
  rows: SeatMapRow[];
  planX?: number;
  planY?: number;
  rotation?: number;
  /** Four corners on the plan, clockwise from front left: [x1, y1, ... x4, y4]. */
  outline?: number[];
}

export interface Stage {
  label: string;
  x: number;
  y: number;
  width: number;
  height: number;
  focusX: number;
  focusY: number;
}

/** `GET /api/v1/events/{id}/seatmap`: the grid, and the venue's plan (docs/API.md, "The venue's plan"). */
export interface SeatMapLayout {
  eventId: string;
  seatCount: number;
  width: number;
  height: number;
  sections: SeatMapSection[];
  stage?: Stage;
  /** The plan's extent: [minX, minY, maxX, maxY]. */
  bounds?: number[];
  /** Every tier's price (a preview has none). */
  prices?: Record<string, Money>;
}

/** How a seat's status is said to people. */
export const STATUS_WORDS: Record<SeatStatus, string> = {
  AVAILABLE: 'free', HELD: 'held', SOLD: 'sold', BLOCKED: 'not for sale', RESALE: 'for resale',
};

/** What kind of place a seat is, by the letters of `categories`. */
export const CATEGORY_LETTERS = '-WCR';
export const CATEGORY_WORDS = ['', 'wheelchair place', 'companion seat', 'restricted view'];

/**
 * Seat `k` of a row on the plan, in its section's frame: the rule of docs/API.md ("The venue's
 * plan"), which the server follows too.
 */
export function seatInSection(row: SeatMapRow, k: number): [number, number] {
  const n = row.seatIds.length;
  const s = row.spacing ?? 1;
  const cx = row.cx ?? 0;
  const cy = row.cy ?? 0;
  if (row.table) {
    const r = row.radius && row.radius > 0 ? row.radius : Math.max(0.8, (n * s) / (2 * Math.PI));
    const a = (2 * Math.PI * k) / n - Math.PI / 2;
    return [cx + r * Math.cos(a), cy + r * Math.sin(a)];
  }
  const gaps = row.gapsAfter ?? [];
  const before = gaps.filter((g) => g <= k).length;
  const u = (k + before) * s - ((n - 1 + gaps.length) * s) / 2;
  const radius = row.radius ?? 0;
  if (!radius) {
    return [cx + u, cy];
  }
  return [cx + radius * Math.sin(u / radius), cy - radius * (1 - Math.cos(u / radius))];
}

/** A point of a section's frame on the plan. */
export function onPlan(section: SeatMapSection, lx: number, ly: number): [number, number] {
  const t = ((section.rotation ?? 0) * Math.PI) / 180;
  const cos = Math.cos(t);
  const sin = Math.sin(t);
  return [(section.planX ?? 0) + lx * cos - ly * sin, (section.planY ?? 0) + lx * sin + ly * cos];
}

const CODE: Record<string, number> = { '.': 0, H: 1, X: 2, '#': 3, R: 4 };
const STATUSES: SeatStatus[] = ['AVAILABLE', 'HELD', 'SOLD', 'BLOCKED', 'RESALE'];

/** The status code of a seat offered for resale: sold, yet holdable like a free one. */
export const RESALE = 4;

/** Whether a seat of this status code can be held: free, or offered for resale. */
export function holdable(code: number): boolean {
  return code === 0 || code === RESALE;
}

/**
 * A seat map in flat typed arrays, in seatmap order (the order of `availability` and of the
 * snapshot's glyphs): where each seat is on the grid (for the keyboard) and on the plan (for
 * the eye and the pointer), its section, row, kind and live status. Built once per event;
 * 100,000 seats take a few megabytes and every lookup is O(1).
 */
export class SeatMap {
  readonly ids: string[] = [];

  /** Grid cell, for moving along rows with the keyboard. */
  readonly x: Int32Array;

  readonly y: Int32Array;

  /** The top-left corner of the seat's one-unit square on the drawing (its plan position less the plan's origin). */
  readonly dx: Float32Array;

  readonly dy: Float32Array;

  /** The plan's size, in seat widths. */
  readonly planWidth: number;

  readonly planHeight: number;

  /** Where the plan's (0, 0) is on the drawing. */
  readonly originX: number;

  readonly originY: number;

  readonly section: Uint16Array;

  readonly row: Uint32Array;

  readonly rows: SeatMapRow[] = [];

  /** Index into {@link CATEGORY_WORDS}. */
  readonly category: Uint8Array;

  /** Each seat's price tier, as an index into {@link tiers}. */
  readonly tier: Uint8Array;

  /**
   * The price tiers in the order the map first meets them, with their price and where they are;
   * `note` says why a dynamic price is not the tier's base price (its rule, until when).
   */
  readonly tiers: { name: string; price: Money; places: string[]; note?: string }[] = [];

  readonly rowLabel: string[] = [];

  readonly status: Uint8Array;

  readonly width: number;

  readonly height: number;

  private readonly index = new Map<string, number>();

  private readonly grid: Int32Array;

  /** Seats by one-unit cell of the drawing, for the pointer: the first seat of each cell, then the next. */
  private readonly cellFirst: Int32Array;

  private readonly cellNext: Int32Array;

  private readonly cellColumns: number;

  constructor(readonly layout: SeatMapLayout) {
    const n = layout.seatCount;
    this.x = new Int32Array(n);
    this.y = new Int32Array(n);
    this.dx = new Float32Array(n);
    this.dy = new Float32Array(n);
    this.section = new Uint16Array(n);
    this.row = new Uint32Array(n);
    this.category = new Uint8Array(n);
    this.tier = new Uint8Array(n);
    this.status = new Uint8Array(n);
    this.width = Math.max(1, layout.width);
    this.height = Math.max(1, layout.height);
    this.grid = new Int32Array(this.width * this.height).fill(-1);
    const planned = layout.bounds !== undefined;
    const [minX, minY, maxX, maxY] = planned ? layout.bounds! : [0, 0, this.width, this.height];
    this.originX = -minX;
    this.originY = -minY;
    this.planWidth = Math.max(1, maxX - minX);
    this.planHeight = Math.max(1, maxY - minY);
    let i = 0;
    layout.sections.forEach((section, s) => {
      for (const row of section.rows) {
        const r = this.rows.push(row) - 1;
        const rowTier = this.tierIndex(row.priceTier ?? section.priceTier, row.price ?? section.price, section.name);
        const seatTier = new Map<number, number>();
        for (const [name, numbers] of Object.entries(row.seatTiers ?? {})) {
          const t = this.tierIndex(name, layout.prices?.[name] ?? row.price ?? section.price, section.name);
          numbers.forEach((number) => seatTier.set(number, t));
        }
        row.seatIds.forEach((id, k) => {
          const tier = seatTier.size ? seatTier.get(Number(id.substring(id.lastIndexOf('-') + 1))) ?? rowTier : rowTier;
          this.ids.push(id);
          this.index.set(id, i);
          this.x[i] = row.x + k;
          this.y[i] = row.y;
          const [px, py] = planned ? onPlan(section, ...seatInSection(row, k)) : [row.x + k + 0.5, row.y + 0.5];
          this.dx[i] = px + this.originX - 0.5;
          this.dy[i] = py + this.originY - 0.5;
          this.section[i] = s;
          this.row[i] = r;
          this.tier[i] = tier;
          this.category[i] = Math.max(0, CATEGORY_LETTERS.indexOf(row.categories?.[k] ?? '-'));
          this.rowLabel.push(row.label);
          this.grid[row.y * this.width + row.x + k] = i;
          i++;
        });
      }
    });
    this.cellColumns = Math.ceil(this.planWidth) + 1;
    this.cellFirst = new Int32Array(this.cellColumns * (Math.ceil(this.planHeight) + 1)).fill(-1);
    this.cellNext = new Int32Array(n).fill(-1);
    for (let s = 0; s < this.size; s++) {
      const cell = this.cellOf(this.dx[s] + 0.5, this.dy[s] + 0.5);
      if (cell >= 0) {
        this.cellNext[s] = this.cellFirst[cell];
        this.cellFirst[cell] = s;
      }
    }
  }

  private tierIndex(name: string, price: Money, place: string): number {
    let t = this.tiers.findIndex((tier) => tier.name === name);
    if (t < 0) {
      t = this.tiers.push({ name, price, places: [] }) - 1;
    }
    if (!this.tiers[t].places.includes(place)) {
      this.tiers[t].places.push(place);
    }
    return t;
  }

  private cellOf(x: number, y: number): number {
    const cx = Math.floor(x);
    const cy = Math.floor(y);
    if (cx < 0 || cy < 0 || cx >= this.cellColumns || cy * this.cellColumns + cx >= this.cellFirst.length) {
      return -1;
    }
    return cy * this.cellColumns + cx;
  }

  /** The seat whose square on the drawing holds point (x, y) (nearest centre within half a seat), or -1. */
  seatNear(x: number, y: number): number {
    let best = -1;
    let bestDistance = 0.5;
    for (let cy = Math.floor(y) - 1; cy <= Math.floor(y) + 1; cy++) {
      for (let cx = Math.floor(x) - 1; cx <= Math.floor(x) + 1; cx++) {
        const cell = this.cellOf(cx, cy);
        for (let s = cell >= 0 ? this.cellFirst[cell] : -1; s >= 0; s = this.cellNext[s]) {
          const d = Math.max(Math.abs(this.dx[s] + 0.5 - x), Math.abs(this.dy[s] + 0.5 - y));
          if (d <= bestDistance) {
            best = s;
            bestDistance = d;
          }
        }
      }
    }
    return best;
  }

  /** How many seats of each section are free. */
  freeBySection(): Uint32Array {
    const free = new Uint32Array(this.layout.sections.length);
    for (let i = 0; i < this.size; i++) {
      if (this.status[i] === 0) {
        free[this.section[i]]++;
      }
    }
    return free;
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
      // a glyph this client does not know: taken, to be safe
      this.status[i] = CODE[statuses[i]] ?? 2;
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

  /**
   * Takes in the tiers' current prices (`GET /events/{id}/prices`): each tier's price now and
   * the rule behind it. Answers whether any price or note changed.
   */
  applyPrices(current: readonly TierPrice[]): boolean {
    let changed = false;
    for (const quote of current) {
      const tier = this.tiers.find((t) => t.name === quote.tier);
      if (!tier) {
        continue;
      }
      const note = priceNote(quote);
      if (tier.price.amountMinor !== quote.price.amountMinor || tier.price.currency !== quote.price.currency || tier.note !== note) {
        tier.price = quote.price;
        tier.note = note;
        changed = true;
      }
    }
    return changed;
  }

  price(i: number): Money {
    return this.tiers[this.tier[i]].price;
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
    const kind = CATEGORY_WORDS[this.category[i]];
    const place = this.rows[this.row[i]].table ? 'table' : 'row';
    return `${this.layout.sections[this.section[i]].name}, ${place} ${this.rowLabel[i]}, seat ${number}${kind ? ` (${kind})` : ''}`;
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

/** A tier's price now, as `GET /events/{id}/prices` lists it. */
export interface TierPrice {
  tier: string;
  price: Money;
  basePrice?: Money;
  rule?: { label?: string; kind: string; until?: string; minShare?: number };
  validUntil?: string;
}

/** Why a tier's price is what it is: its rule's label (or kind) and until when; none for the base price. */
export function priceNote(quote: TierPrice): string | undefined {
  if (!quote.rule) {
    return undefined;
  }
  const name = quote.rule.label ?? (quote.rule.kind === 'DEMAND_STEP' ? 'High demand' : 'Special price');
  const was = quote.basePrice && quote.basePrice.amountMinor !== quote.price.amountMinor ? `, usually ${formatMoney(quote.basePrice)}` : '';
  const until = quote.rule.kind === 'TIME_WINDOW' && quote.rule.until ? ` until ${new Date(quote.rule.until).toLocaleString()}` : '';
  return `${name}${until}${was}`;
}
