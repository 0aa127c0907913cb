/** What the gestures do to a map view. */
export interface GestureTarget {
  /** Zooms by `factor` around canvas point (cx, cy), or around the middle without one. */
  zoom(factor: number, cx?: number, cy?: number): void;
  pan(dx: number, dy: number): void;
  fit(): void;
  /** The seat drawn at canvas point (px, py), or -1. */
  seatAt(px: number, py: number): number;
  /** A click or tap the map handles itself (zooming into a section of the overview); answers whether it did. */
  tap?(px: number, py: number): boolean;
  /** Moves the keyboard cursor one step in a direction. */
  moveCursor(dx: number, dy: number): void;
  /** The seat under the keyboard cursor, or -1. */
  cursor(): number;
  /** A seat was clicked, tapped, or chosen with Enter or Space. */
  pick(seat: number): void;
}

const MOVES: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };

/**
 * The map's input: the wheel and a pinch zoom, a drag pans, a click or tap (that was no drag)
 * picks the seat under it; the arrow keys move a cursor from seat to seat, Enter or Space picks
 * it, plus and minus zoom and 0 fits the map.
 */
export class MapGestures {
  private readonly pointers = new Map<number, { x: number; y: number }>();

  private dragged = false;

  private pinchDistance = 0;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly target: GestureTarget,
  ) {
    canvas.addEventListener('wheel', (e) => this.onWheel(e), { passive: false });
    canvas.addEventListener('pointerdown', (e) => this.onPointerDown(e));
    canvas.addEventListener('pointermove', (e) => this.onPointerMove(e));
    canvas.addEventListener('pointerup', (e) => this.onPointerUp(e));
    canvas.addEventListener('pointercancel', (e) => this.pointers.delete(e.pointerId));
    canvas.addEventListener('keydown', (e) => this.onKey(e));
  }

  /** A client point in the canvas's CSS pixels. */
  private local(clientX: number, clientY: number): [number, number] {
    const rect = this.canvas.getBoundingClientRect();
    return [clientX - rect.left, clientY - rect.top];
  }

  private onWheel(event: WheelEvent): void {
    event.preventDefault();
    this.target.zoom(event.deltaY < 0 ? 1.2 : 1 / 1.2, ...this.local(event.clientX, event.clientY));
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
        this.target.zoom(distance / this.pinchDistance, ...this.local((a.x + b.x) / 2, (a.y + b.y) / 2));
      }
      this.pinchDistance = distance;
      this.dragged = true;
      return;
    }
    if (this.dragged || Math.abs(dx) + Math.abs(dy) > 3) {
      this.dragged = true;
      this.target.pan(dx, dy);
    }
  }

  private onPointerUp(event: PointerEvent): void {
    const wasDrag = this.dragged || this.pointers.size > 1;
    this.pointers.delete(event.pointerId);
    if (this.pointers.size < 2) {
      this.pinchDistance = 0;
    }
    if (!wasDrag) {
      const [px, py] = this.local(event.clientX, event.clientY);
      if (this.target.tap?.(px, py)) {
        return;
      }
      const seat = this.target.seatAt(px, py);
      if (seat >= 0) {
        this.target.pick(seat);
      }
    }
  }

  private onKey(event: KeyboardEvent): void {
    const move = MOVES[event.key];
    if (move) {
      event.preventDefault();
      this.target.moveCursor(move[0], move[1]);
    } else if ((event.key === 'Enter' || event.key === ' ') && this.target.cursor() >= 0) {
      event.preventDefault();
      this.target.pick(this.target.cursor());
    } else if (event.key === '+' || event.key === '=') {
      this.target.zoom(1.25);
    } else if (event.key === '-') {
      this.target.zoom(0.8);
    } else if (event.key === '0') {
      this.target.fit();
    }
  }
}
