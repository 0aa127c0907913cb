import { MapGestures, type GestureTarget } from './mapGestures';
import type { SeatMap } from './seatMap';
import { Viewport } from './viewport';

export interface MapViewHandlers {
  /** A seat was clicked, tapped or chosen with Enter/Space. */
  toggle(seat: number): void;
  /** The keyboard cursor moved to a seat. */
  focus?(seat: number): void;
}

export const COLORS = {
  tiers: ['#2e9d5b', '#2b7bd6', '#8a5cd1', '#0f9a9a', '#b0790c', '#c2417a'],
  held: '#f0a830',
  sold: '#9aa0a6',
  blocked: '#3c4043',
  mine: '#d6246e',
  selected: '#111111',
  focus: '#ffbf00',
  background: '#ffffff',
};

/**
 * Draws a seat map on a canvas: one small square per seat, coloured by price tier when free and
 * by status otherwise. A full draw paints every seat in view (batched by colour); a status change
 * repaints only its seat, on the next animation frame, so thousands of changes a second cost
 * almost nothing. Where the grid lies is the {@link Viewport}'s arithmetic; the pointer, wheel
 * and keyboard are {@link MapGestures}, which zoom, pan and pick through this view.
 */
export class MapView implements GestureTarget {
  private readonly ctx: CanvasRenderingContext2D;

  private readonly viewport = new Viewport();

  private dpr = 1;

  private fullDraw = true;

  private readonly dirty = new Set<number>();

  private frame = 0;

  private focused = -1;

  private readonly observer: ResizeObserver;

  constructor(
    readonly canvas: HTMLCanvasElement,
    readonly map: SeatMap,
    readonly selected: Set<number>,
    readonly mine: Set<number>,
    private readonly handlers: MapViewHandlers,
  ) {
    const ctx = canvas.getContext('2d', { alpha: false });
    if (!ctx) {
      throw new Error('Canvas 2D is not available');
    }
    this.ctx = ctx;
    canvas.tabIndex = 0;
    canvas.setAttribute('role', 'application');
    canvas.setAttribute(
      'aria-label',
      'Seat map. Arrow keys move between seats, Enter or Space picks a seat, plus and minus zoom, 0 fits the map.',
    );
    this.observer = new ResizeObserver(() => this.resize());
    this.observer.observe(canvas);
    this.resize();
    this.fit();
    new MapGestures(canvas, this);
  }

  destroy(): void {
    this.observer.disconnect();
    cancelAnimationFrame(this.frame);
  }

  /** Fits the whole map in the canvas. */
  fit(): void {
    this.viewport.fit(this.map.width, this.map.height);
    this.redraw();
  }

  /** Everything changed (a snapshot): repaint all seats on the next frame. */
  redraw(): void {
    this.fullDraw = true;
    this.schedule();
  }

  /** These seats changed: repaint just them on the next frame. */
  repaint(seats: Iterable<number>): void {
    for (const seat of seats) {
      this.dirty.add(seat);
    }
    this.schedule();
  }

  focusSeat(seat: number): void {
    const before = this.focused;
    this.focused = seat;
    if (before >= 0) {
      this.dirty.add(before);
    }
    if (seat >= 0) {
      this.dirty.add(seat);
      const centre = this.seatCentre(seat);
      if (this.viewport.reveal(centre.x, centre.y)) {
        this.redraw();
      }
      this.handlers.focus?.(seat);
    }
    this.schedule();
  }

  /** Where a seat is drawn, in CSS pixels of the canvas (for tests and tooltips). */
  seatCentre(seat: number): { x: number; y: number } {
    return this.viewport.toCanvas(this.map.x[seat] + 0.5, this.map.y[seat] + 0.5);
  }

  zoom(factor: number, cx = this.viewport.width / 2, cy = this.viewport.height / 2): void {
    this.viewport.zoomAt(factor, cx, cy);
    this.redraw();
  }

  pan(dx: number, dy: number): void {
    this.viewport.panBy(dx, dy);
    this.redraw();
  }

  seatAt(px: number, py: number): number {
    const cell = this.viewport.cellAt(px, py);
    return this.map.seatAt(cell.x, cell.y);
  }

  moveCursor(dx: number, dy: number): void {
    this.focusSeat(this.map.neighbour(this.focused, dx, dy));
  }

  cursor(): number {
    return this.focused;
  }

  pick(seat: number): void {
    this.focused = seat;
    this.handlers.toggle(seat);
  }

  private schedule(): void {
    if (!this.frame) {
      this.frame = requestAnimationFrame(() => {
        this.frame = 0;
        this.draw();
      });
    }
  }

  private resize(): void {
    const rect = this.canvas.getBoundingClientRect();
    this.dpr = window.devicePixelRatio || 1;
    this.viewport.resize(rect.width, rect.height);
    this.canvas.width = Math.round(this.viewport.width * this.dpr);
    this.canvas.height = Math.round(this.viewport.height * this.dpr);
    this.redraw();
  }

  private colour(seat: number): string {
    if (this.mine.has(seat) && this.map.status[seat] === 1) {
      return COLORS.mine;
    }
    switch (this.map.status[seat]) {
      case 0:
        return COLORS.tiers[this.map.section[seat] % COLORS.tiers.length];
      case 1:
        return COLORS.held;
      case 2:
        return COLORS.sold;
      default:
        return COLORS.blocked;
    }
  }

  private draw(): void {
    const ctx = this.ctx;
    ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
    if (this.fullDraw) {
      this.fullDraw = false;
      this.dirty.clear();
      ctx.fillStyle = COLORS.background;
      ctx.fillRect(0, 0, this.viewport.width, this.viewport.height);
      // only the seats in view, batched by colour
      const { x0, x1, y0, y1 } = this.viewport.inView();
      const { x, y } = this.map;
      let current = '';
      for (let i = 0; i < this.map.size; i++) {
        if (x[i] < x0 || x[i] > x1 || y[i] < y0 || y[i] > y1) {
          continue;
        }
        const colour = this.colour(i);
        if (colour !== current) {
          ctx.fillStyle = colour;
          current = colour;
        }
        this.fillSeat(i);
      }
      if (this.viewport.scale >= 10) {
        this.drawRowLabels();
      }
      for (const seat of this.selected) {
        this.outline(seat);
      }
      if (this.focused >= 0) {
        this.outline(this.focused);
      }
      performance.mark('marquee:map-painted');
      return;
    }
    for (const seat of this.dirty) {
      this.paintSeat(seat);
    }
    this.dirty.clear();
  }

  /** Row labels at both ends of each row, once the seats are big enough to read them. */
  private drawRowLabels(): void {
    const ctx = this.ctx;
    const { scale } = this.viewport;
    ctx.fillStyle = '#5f6068';
    ctx.font = `${Math.min(14, Math.round(scale * 0.55))}px system-ui, sans-serif`;
    ctx.textBaseline = 'middle';
    for (const section of this.map.layout.sections) {
      for (const row of section.rows) {
        const left = this.viewport.toCanvas(row.x - 0.3, row.y + 0.5);
        const right = this.viewport.toCanvas(row.x + row.seatIds.length + 0.3, row.y + 0.5);
        ctx.textAlign = 'right';
        ctx.fillText(row.label, left.x, left.y);
        ctx.textAlign = 'left';
        ctx.fillText(row.label, right.x, right.y);
      }
    }
  }

  /** The square a seat is drawn in: its cell less a small gap, once seats are big enough for one. */
  private cell(seat: number): [number, number, number] {
    const { scale } = this.viewport;
    const gap = scale >= 4 ? scale * 0.15 : 0;
    const corner = this.viewport.toCanvas(this.map.x[seat], this.map.y[seat]);
    return [corner.x + gap / 2, corner.y + gap / 2, scale - gap];
  }

  private fillSeat(seat: number): void {
    const [px, py, size] = this.cell(seat);
    this.ctx.fillRect(px, py, size, size);
  }

  private paintSeat(seat: number): void {
    const ctx = this.ctx;
    const corner = this.viewport.toCanvas(this.map.x[seat], this.map.y[seat]);
    ctx.fillStyle = COLORS.background;
    ctx.fillRect(corner.x, corner.y, this.viewport.scale, this.viewport.scale);
    ctx.fillStyle = this.colour(seat);
    this.fillSeat(seat);
    if (this.selected.has(seat) || seat === this.focused) {
      this.outline(seat);
    }
  }

  private outline(seat: number): void {
    const [px, py, size] = this.cell(seat);
    const ctx = this.ctx;
    const width = Math.max(1, Math.min(3, size / 5));
    ctx.lineWidth = width;
    ctx.strokeStyle = seat === this.focused ? COLORS.focus : COLORS.selected;
    ctx.strokeRect(px + width / 2, py + width / 2, size - width, size - width);
  }
}
