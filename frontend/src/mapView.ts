import type { SeatMap } from './seatMap';

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

const MIN_SCALE = 0.5;
const MAX_SCALE = 64;

/**
 * Draws a seat map on a canvas: one small square per seat, coloured by price tier when free and
 * by status otherwise. A full draw paints every seat (batched by colour); a status change repaints
 * only its seat, on the next animation frame, so thousands of changes a second cost almost
 * nothing. Zoom with the wheel, pinch or +/-; pan by dragging; the arrow keys move a keyboard
 * cursor from seat to seat and Enter or Space picks it.
 */
export class MapView {
  private readonly ctx: CanvasRenderingContext2D;

  private scale = 4;

  private ox = 0;

  private oy = 0;

  private dpr = 1;

  private cssWidth = 0;

  private cssHeight = 0;

  private fullDraw = true;

  private readonly dirty = new Set<number>();

  private frame = 0;

  private focused = -1;

  private readonly pointers = new Map<number, { x: number; y: number }>();

  private dragged = false;

  private pinchDistance = 0;

  private readonly observer: ResizeObserver;

  /** Frames drawn (for the benchmark page). */
  frames = 0;

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
    canvas.addEventListener('wheel', (e) => this.onWheel(e), { passive: false });
    canvas.addEventListener('pointerdown', (e) => this.onPointerDown(e));
    canvas.addEventListener('pointermove', (e) => this.onPointerMove(e));
    canvas.addEventListener('pointerup', (e) => this.onPointerUp(e));
    canvas.addEventListener('pointercancel', (e) => this.pointers.delete(e.pointerId));
    canvas.addEventListener('keydown', (e) => this.onKey(e));
  }

  destroy(): void {
    this.observer.disconnect();
    cancelAnimationFrame(this.frame);
  }

  /** Fits the whole map in the canvas. */
  fit(): void {
    // room for the row labels on both sides
    const scale = Math.min(this.cssWidth / (this.map.width + 6), this.cssHeight / (this.map.height + 2));
    this.scale = Math.max(MIN_SCALE, Math.min(MAX_SCALE, scale || 1));
    this.ox = (this.cssWidth - this.map.width * this.scale) / 2;
    this.oy = (this.cssHeight - this.map.height * this.scale) / 2;
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

  get focusedSeat(): number {
    return this.focused;
  }

  focusSeat(seat: number): void {
    const before = this.focused;
    this.focused = seat;
    if (before >= 0) {
      this.dirty.add(before);
    }
    if (seat >= 0) {
      this.dirty.add(seat);
      this.ensureVisible(seat);
      this.handlers.focus?.(seat);
    }
    this.schedule();
  }

  /** Where a seat is drawn, in CSS pixels of the canvas (for tests and tooltips). */
  seatCentre(seat: number): { x: number; y: number } {
    return {
      x: this.ox + (this.map.x[seat] + 0.5) * this.scale,
      y: this.oy + (this.map.y[seat] + 0.5) * this.scale,
    };
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
    this.cssWidth = Math.max(1, rect.width);
    this.cssHeight = Math.max(1, rect.height);
    this.canvas.width = Math.round(this.cssWidth * this.dpr);
    this.canvas.height = Math.round(this.cssHeight * this.dpr);
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
    this.frames++;
    const ctx = this.ctx;
    ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
    if (this.fullDraw) {
      this.fullDraw = false;
      this.dirty.clear();
      ctx.fillStyle = COLORS.background;
      ctx.fillRect(0, 0, this.cssWidth, this.cssHeight);
      // only the seats in view, batched by colour
      const x0 = Math.floor(-this.ox / this.scale) - 1;
      const x1 = Math.ceil((this.cssWidth - this.ox) / this.scale) + 1;
      const y0 = Math.floor(-this.oy / this.scale) - 1;
      const y1 = Math.ceil((this.cssHeight - this.oy) / this.scale) + 1;
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
      if (this.scale >= 10) {
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
    ctx.fillStyle = '#5f6068';
    ctx.font = `${Math.min(14, Math.round(this.scale * 0.55))}px system-ui, sans-serif`;
    ctx.textBaseline = 'middle';
    for (const section of this.map.layout.sections) {
      for (const row of section.rows) {
        const y = this.oy + (row.y + 0.5) * this.scale;
        ctx.textAlign = 'right';
        ctx.fillText(row.label, this.ox + (row.x - 0.3) * this.scale, y);
        ctx.textAlign = 'left';
        ctx.fillText(row.label, this.ox + (row.x + row.seatIds.length + 0.3) * this.scale, y);
      }
    }
  }

  private cell(seat: number): [number, number, number] {
    const gap = this.scale >= 4 ? this.scale * 0.15 : 0;
    return [this.ox + this.map.x[seat] * this.scale + gap / 2, this.oy + this.map.y[seat] * this.scale + gap / 2,
      this.scale - gap];
  }

  private fillSeat(seat: number): void {
    const [px, py, size] = this.cell(seat);
    this.ctx.fillRect(px, py, size, size);
  }

  private paintSeat(seat: number): void {
    const ctx = this.ctx;
    const px = this.ox + this.map.x[seat] * this.scale;
    const py = this.oy + this.map.y[seat] * this.scale;
    ctx.fillStyle = COLORS.background;
    ctx.fillRect(px, py, this.scale, this.scale);
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

  private zoomAt(factor: number, cx: number, cy: number): void {
    const scale = Math.max(MIN_SCALE, Math.min(MAX_SCALE, this.scale * factor));
    const worldX = (cx - this.ox) / this.scale;
    const worldY = (cy - this.oy) / this.scale;
    this.scale = scale;
    this.ox = cx - worldX * scale;
    this.oy = cy - worldY * scale;
    this.redraw();
  }

  private ensureVisible(seat: number): void {
    const { x, y } = this.seatCentre(seat);
    const margin = this.scale * 2;
    if (x < margin || y < margin || x > this.cssWidth - margin || y > this.cssHeight - margin) {
      this.ox += this.cssWidth / 2 - x;
      this.oy += this.cssHeight / 2 - y;
      this.redraw();
    }
  }

  private seatUnder(clientX: number, clientY: number): number {
    const rect = this.canvas.getBoundingClientRect();
    const cx = Math.floor((clientX - rect.left - this.ox) / this.scale);
    const cy = Math.floor((clientY - rect.top - this.oy) / this.scale);
    return this.map.seatAt(cx, cy);
  }

  private onWheel(event: WheelEvent): void {
    event.preventDefault();
    const rect = this.canvas.getBoundingClientRect();
    this.zoomAt(event.deltaY < 0 ? 1.2 : 1 / 1.2, event.clientX - rect.left, event.clientY - rect.top);
  }

  private onPointerDown(event: PointerEvent): void {
    this.canvas.setPointerCapture?.(event.pointerId);
    this.pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
    this.dragged = false;
    if (this.pointers.size === 2) {
      const [a, b] = [...this.pointers.values()];
      this.pinchDistance = Math.hypot(a.x - b.x, a.y - b.y);
    }
  }

  private onPointerMove(event: PointerEvent): void {
    const last = this.pointers.get(event.pointerId);
    if (!last) {
      return;
    }
    const dx = event.clientX - last.x;
    const dy = event.clientY - last.y;
    this.pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
    if (this.pointers.size === 2) {
      const [a, b] = [...this.pointers.values()];
      const distance = Math.hypot(a.x - b.x, a.y - b.y);
      if (this.pinchDistance > 0) {
        const rect = this.canvas.getBoundingClientRect();
        this.zoomAt(distance / this.pinchDistance, (a.x + b.x) / 2 - rect.left, (a.y + b.y) / 2 - rect.top);
      }
      this.pinchDistance = distance;
      this.dragged = true;
      return;
    }
    if (this.dragged || Math.abs(dx) + Math.abs(dy) > 3) {
      this.dragged = true;
      this.ox += dx;
      this.oy += dy;
      this.redraw();
    }
  }

  private onPointerUp(event: PointerEvent): void {
    const wasDrag = this.dragged || this.pointers.size > 1;
    this.pointers.delete(event.pointerId);
    if (this.pointers.size < 2) {
      this.pinchDistance = 0;
    }
    if (!wasDrag) {
      const seat = this.seatUnder(event.clientX, event.clientY);
      if (seat >= 0) {
        this.focused = seat;
        this.handlers.toggle(seat);
      }
    }
  }

  private onKey(event: KeyboardEvent): void {
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [-1, 0],
      ArrowRight: [1, 0],
      ArrowUp: [0, -1],
      ArrowDown: [0, 1],
    };
    const move = moves[event.key];
    if (move) {
      event.preventDefault();
      this.focusSeat(this.map.neighbour(this.focused, move[0], move[1]));
    } else if ((event.key === 'Enter' || event.key === ' ') && this.focused >= 0) {
      event.preventDefault();
      this.handlers.toggle(this.focused);
    } else if (event.key === '+' || event.key === '=') {
      this.zoomAt(1.25, this.cssWidth / 2, this.cssHeight / 2);
    } else if (event.key === '-') {
      this.zoomAt(0.8, this.cssWidth / 2, this.cssHeight / 2);
    } else if (event.key === '0') {
      this.fit();
    }
  }
}
