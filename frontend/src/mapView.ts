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
  resale: '#1a73e8',
  sold: '#9aa0a6',
  blocked: '#3c4043',
  mine: '#d6246e',
  selected: '#111111',
  focus: '#ffbf00',
  background: '#ffffff',
  section: '#f1f3f4',
  sectionEdge: '#c8ccd1',
  stage: '#2f3440',
  label: '#5f6068',
  dimmed: '#e3e5e8',
};

/** Below this many CSS pixels a seat, a big venue is drawn as its sections, shaded by how many seats are free. */
export const OVERVIEW_SCALE = 2.5;

/** Venues with at least this many seats open on the overview. */
export const OVERVIEW_SEATS = 2000;

/**
 * Draws a seat map on a canvas as the venue's plan: the stage, each section's outline and name,
 * and one small square per seat where it stands (curved rows, aisles, tables), coloured by price
 * tier when free and by status otherwise, marked when it is a wheelchair place, companion seat or
 * has a restricted view. A big venue zoomed out is its overview: sections shaded by how many
 * seats are free, with the count; a click zooms into the section. A full draw paints every seat in view (batched by colour); a status change
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

  /** Which seats the buyer's filter shows (1); the rest are faded. Null: all. */
  private shown: Uint8Array | null = null;

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
    this.viewport.fit(this.map.planWidth, this.map.planHeight);
    this.redraw();
  }

  /** Fades the seats a filter leaves out (null: none). */
  setFilter(shown: Uint8Array | null): void {
    this.shown = shown;
    this.redraw();
  }

  /** Whether the map is drawn as its sections rather than its seats. */
  overview(): boolean {
    return this.map.size >= OVERVIEW_SEATS && this.viewport.scale < OVERVIEW_SCALE && this.hasOutlines();
  }

  private hasOutlines(): boolean {
    return this.map.layout.sections.every((section) => section.outline?.length === 8);
  }

  /** In the overview, a click on a section zooms into it. */
  tap(px: number, py: number): boolean {
    if (!this.overview()) {
      return false;
    }
    const point = this.viewport.toGrid(px, py);
    const s = this.map.layout.sections.findIndex((section) => inside(this.drawn(section.outline!), point.x, point.y));
    if (s >= 0) {
      const corners = this.drawn(this.map.layout.sections[s].outline!);
      const xs = corners.filter((_, c) => c % 2 === 0);
      const ys = corners.filter((_, c) => c % 2 === 1);
      const x0 = Math.min(...xs);
      const y0 = Math.min(...ys);
      this.viewport.fitBox(x0, y0, Math.max(...xs) - x0, Math.max(...ys) - y0);
      this.redraw();
    }
    return true;
  }

  /** Plan coordinates as drawing coordinates. */
  private drawn(points: number[]): number[] {
    return points.map((v, c) => v + (c % 2 === 0 ? this.map.originX : this.map.originY));
  }

  /** Everything changed (a snapshot): repaint all seats on the next frame. */
  redraw(): void {
    this.fullDraw = true;
    this.schedule();
  }

  /** These seats changed: repaint just them on the next frame. */
  repaint(seats: Iterable<number>): void {
    if (this.overview()) {
      this.redraw();
      return;
    }
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
    return this.viewport.toCanvas(this.map.dx[seat] + 0.5, this.map.dy[seat] + 0.5);
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
    if (this.overview()) {
      return -1;
    }
    const point = this.viewport.toGrid(px, py);
    return this.map.seatNear(point.x, point.y);
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
    if (this.shown && !this.shown[seat]) {
      return COLORS.dimmed;
    }
    switch (this.map.status[seat]) {
      case 0:
        return COLORS.tiers[this.map.tier[seat] % COLORS.tiers.length];
      case 1:
        return COLORS.held;
      case 2:
        return COLORS.sold;
      case 4:
        return COLORS.resale;
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
      this.drawStage();
      if (this.overview()) {
        this.drawOverview();
        performance.mark('marquee:map-painted');
        return;
      }
      this.drawSections();
      // only the seats in view, batched by colour
      const { x0, x1, y0, y1 } = this.viewport.inView();
      const { dx: x, dy: y } = this.map;
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
      if (this.viewport.scale >= 6) {
        this.drawCategories();
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

  /** Row labels beyond both ends of each row (a table's beside it), once the seats are big enough to read them. */
  private drawRowLabels(): void {
    const ctx = this.ctx;
    const { scale } = this.viewport;
    ctx.fillStyle = COLORS.label;
    ctx.font = `${Math.min(14, Math.round(scale * 0.55))}px system-ui, sans-serif`;
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'center';
    const { dx, dy } = this.map;
    let first = 0;
    for (const row of this.map.rows) {
      const last = first + row.seatIds.length - 1;
      if (row.table) {
        let sx = 0;
        let sy = 0;
        for (let i = first; i <= last; i++) {
          sx += dx[i];
          sy += dy[i];
        }
        const seats = last - first + 1;
        const centre = this.viewport.toCanvas(sx / seats + 0.5, sy / seats + 0.5);
        ctx.fillText(row.label, centre.x, centre.y);
      } else {
        // one seat further along the row's line at each end
        const along = last > first ? Math.hypot(dx[first + 1] - dx[first], dy[first + 1] - dy[first]) || 1 : 1;
        const ux = last > first ? (dx[first + 1] - dx[first]) / along : 1;
        const uy = last > first ? (dy[first + 1] - dy[first]) / along : 0;
        const vx = last > first ? (dx[last] - dx[last - 1]) / (Math.hypot(dx[last] - dx[last - 1], dy[last] - dy[last - 1]) || 1) : 1;
        const vy = last > first ? (dy[last] - dy[last - 1]) / (Math.hypot(dx[last] - dx[last - 1], dy[last] - dy[last - 1]) || 1) : 0;
        const left = this.viewport.toCanvas(dx[first] + 0.5 - ux * 0.9, dy[first] + 0.5 - uy * 0.9);
        const right = this.viewport.toCanvas(dx[last] + 0.5 + vx * 0.9, dy[last] + 0.5 + vy * 0.9);
        ctx.fillText(row.label, left.x, left.y);
        ctx.fillText(row.label, right.x, right.y);
      }
      first = last + 1;
    }
  }

  /** The stage: a dark rectangle with its name. */
  private drawStage(): void {
    const stage = this.map.layout.stage;
    if (!stage) {
      return;
    }
    const ctx = this.ctx;
    const corner = this.viewport.toCanvas(stage.x - stage.width / 2 + this.map.originX, stage.y - stage.height / 2 + this.map.originY);
    const { scale } = this.viewport;
    ctx.fillStyle = COLORS.stage;
    ctx.fillRect(corner.x, corner.y, stage.width * scale, stage.height * scale);
    ctx.fillStyle = '#ffffff';
    ctx.font = `${Math.max(10, Math.min(24, Math.round(scale * stage.height * 0.4)))}px system-ui, sans-serif`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText(stage.label, corner.x + (stage.width * scale) / 2, corner.y + (stage.height * scale) / 2);
  }

  /** Each section's outline, lightly filled, and its name in front of it. */
  private drawSections(): void {
    if (!this.hasOutlines()) {
      return;
    }
    const ctx = this.ctx;
    ctx.lineWidth = 1;
    ctx.font = `${Math.max(11, Math.min(18, Math.round(this.viewport.scale * 0.8)))}px system-ui, sans-serif`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    for (const section of this.map.layout.sections) {
      const corners = this.polygon(section.outline!);
      ctx.fillStyle = COLORS.section;
      ctx.strokeStyle = COLORS.sectionEdge;
      ctx.fill(corners);
      ctx.stroke(corners);
    }
    ctx.fillStyle = COLORS.label;
    for (const section of this.map.layout.sections) {
      const [fx, fy] = this.frontLabel(section.outline!);
      ctx.fillText(section.name, fx, fy);
    }
  }

  /** The overview: each section shaded by the share of its seats that are free, with the count. */
  private drawOverview(): void {
    const ctx = this.ctx;
    const free = this.map.freeBySection();
    const total = new Uint32Array(free.length);
    for (let i = 0; i < this.map.size; i++) {
      total[this.map.section[i]]++;
    }
    ctx.font = '12px system-ui, sans-serif';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    this.map.layout.sections.forEach((section, s) => {
      const corners = this.polygon(section.outline!);
      const share = total[s] ? free[s] / total[s] : 0;
      ctx.fillStyle = share > 0 ? `rgba(46, 157, 91, ${(0.15 + 0.85 * share).toFixed(3)})` : COLORS.sold;
      ctx.strokeStyle = COLORS.sectionEdge;
      ctx.lineWidth = 1;
      ctx.fill(corners);
      ctx.stroke(corners);
      const middle = this.middle(section.outline!);
      ctx.fillStyle = '#1f2328';
      ctx.fillText(section.name, middle[0], middle[1] - 7);
      ctx.fillText(`${free[s].toLocaleString()} free`, middle[0], middle[1] + 7);
    });
  }

  private polygon(outline: number[]): Path2D {
    const path = new Path2D();
    const points = this.drawn(outline);
    for (let c = 0; c < 8; c += 2) {
      const p = this.viewport.toCanvas(points[c], points[c + 1]);
      if (c === 0) {
        path.moveTo(p.x, p.y);
      } else {
        path.lineTo(p.x, p.y);
      }
    }
    path.closePath();
    return path;
  }

  private middle(outline: number[]): [number, number] {
    const points = this.drawn(outline);
    const p = this.viewport.toCanvas((points[0] + points[4]) / 2, (points[1] + points[5]) / 2);
    return [p.x, p.y];
  }

  /** A point just in front of the outline's front edge (its first two corners), on the canvas. */
  private frontLabel(outline: number[]): [number, number] {
    const points = this.drawn(outline);
    const mx = (points[0] + points[2]) / 2;
    const my = (points[1] + points[3]) / 2;
    const bx = (points[4] + points[6]) / 2;
    const by = (points[5] + points[7]) / 2;
    const depth = Math.hypot(bx - mx, by - my) || 1;
    const p = this.viewport.toCanvas(mx - ((bx - mx) / depth) * 0.8, my - ((by - my) / depth) * 0.8);
    return [p.x, p.y];
  }

  /** Marks on the seats of a kind: a dot for a wheelchair place, a ring for a companion seat, a stroke for a restricted view. */
  private drawCategories(): void {
    const ctx = this.ctx;
    const { x0, x1, y0, y1 } = this.viewport.inView();
    ctx.fillStyle = '#ffffff';
    ctx.strokeStyle = '#ffffff';
    for (let i = 0; i < this.map.size; i++) {
      if (this.map.category[i] && this.map.dx[i] >= x0 && this.map.dx[i] <= x1 && this.map.dy[i] >= y0 && this.map.dy[i] <= y1) {
        this.markCategory(i);
      }
    }
  }

  private markCategory(seat: number): void {
    const [px, py, size] = this.cell(seat);
    const ctx = this.ctx;
    const cx = px + size / 2;
    const cy = py + size / 2;
    ctx.beginPath();
    switch (this.map.category[seat]) {
      case 1:
        ctx.arc(cx, cy, size * 0.22, 0, 2 * Math.PI);
        ctx.fill();
        break;
      case 2:
        ctx.lineWidth = Math.max(1, size * 0.08);
        ctx.arc(cx, cy, size * 0.22, 0, 2 * Math.PI);
        ctx.stroke();
        break;
      default:
        ctx.lineWidth = Math.max(1, size * 0.08);
        ctx.moveTo(px + size * 0.25, py + size * 0.75);
        ctx.lineTo(px + size * 0.75, py + size * 0.25);
        ctx.stroke();
    }
  }

  /** The square a seat is drawn in: its cell less a small gap, once seats are big enough for one. */
  private cell(seat: number): [number, number, number] {
    const { scale } = this.viewport;
    const gap = scale >= 4 ? scale * 0.2 : 0;
    const corner = this.viewport.toCanvas(this.map.dx[seat], this.map.dy[seat]);
    return [corner.x + gap / 2, corner.y + gap / 2, scale - gap];
  }

  /** A seat's square; rounded once seats are big enough to see corners (few are in view then). */
  private fillSeat(seat: number): void {
    const [px, py, size] = this.cell(seat);
    if (this.viewport.scale >= 8) {
      this.ctx.beginPath();
      this.ctx.roundRect(px, py, size, size, size * 0.3);
      this.ctx.fill();
    } else {
      this.ctx.fillRect(px, py, size, size);
    }
  }

  private paintSeat(seat: number): void {
    const ctx = this.ctx;
    const [px, py, size] = this.cell(seat);
    // the seat's own square (and a pixel round it, for an outline), in what lies beneath
    ctx.fillStyle = this.hasOutlines() ? COLORS.section : COLORS.background;
    ctx.fillRect(px - 1, py - 1, size + 2, size + 2);
    ctx.fillStyle = this.colour(seat);
    this.fillSeat(seat);
    if (this.map.category[seat] && this.viewport.scale >= 6) {
      ctx.fillStyle = '#ffffff';
      ctx.strokeStyle = '#ffffff';
      this.markCategory(seat);
    }
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

/** Whether point (x, y) lies inside the polygon [x1, y1, x2, y2, ...]. */
function inside(points: number[], x: number, y: number): boolean {
  let hit = false;
  for (let i = 0, j = points.length - 2; i < points.length; j = i, i += 2) {
    const [xi, yi, xj, yj] = [points[i], points[i + 1], points[j], points[j + 1]];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) {
      hit = !hit;
    }
  }
  return hit;
}
