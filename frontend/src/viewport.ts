export const MIN_SCALE = 0.5;
export const MAX_SCALE = 64;

const clamp = (scale: number) => Math.max(MIN_SCALE, Math.min(MAX_SCALE, scale));

/**
 * Where the seat grid lies on the canvas: the size of one grid cell in CSS pixels (`scale`)
 * and where the grid's origin is (`ox`, `oy`). Only arithmetic, so zooming, panning and
 * hit-testing are tested without a canvas.
 */
export class Viewport {
  scale = 4;

  ox = 0;

  oy = 0;

  width = 1;

  height = 1;

  /** The canvas's size in CSS pixels. */
  resize(width: number, height: number): void {
    this.width = Math.max(1, width);
    this.height = Math.max(1, height);
  }

  /** Centres a grid of this size at the largest scale that shows it whole, with room for row labels on both sides. */
  fit(gridWidth: number, gridHeight: number): void {
    this.scale = clamp(Math.min(this.width / (gridWidth + 6), this.height / (gridHeight + 2)) || 1);
    this.ox = (this.width - gridWidth * this.scale) / 2;
    this.oy = (this.height - gridHeight * this.scale) / 2;
  }

  /** Shows the box (x, y, w, h) of the grid as large as it fits, centred. */
  fitBox(x: number, y: number, w: number, h: number): void {
    this.scale = clamp(Math.min(this.width / (w + 2), this.height / (h + 2)) || 1);
    this.ox = this.width / 2 - (x + w / 2) * this.scale;
    this.oy = this.height / 2 - (y + h / 2) * this.scale;
  }

  /** The grid point under canvas point (px, py). */
  toGrid(px: number, py: number): { x: number; y: number } {
    return { x: (px - this.ox) / this.scale, y: (py - this.oy) / this.scale };
  }

  /** Zooms by `factor` (within the limits), keeping the grid point under (cx, cy) where it is. */
  zoomAt(factor: number, cx: number, cy: number): void {
    const scale = clamp(this.scale * factor);
    const gridX = (cx - this.ox) / this.scale;
    const gridY = (cy - this.oy) / this.scale;
    this.scale = scale;
    this.ox = cx - gridX * scale;
    this.oy = cy - gridY * scale;
  }

  panBy(dx: number, dy: number): void {
    this.ox += dx;
    this.oy += dy;
  }

  /** Where grid point (x, y) is on the canvas, in CSS pixels. */
  toCanvas(x: number, y: number): { x: number; y: number } {
    return { x: this.ox + x * this.scale, y: this.oy + y * this.scale };
  }

  /** The grid cell under canvas point (px, py). */
  cellAt(px: number, py: number): { x: number; y: number } {
    return { x: Math.floor((px - this.ox) / this.scale), y: Math.floor((py - this.oy) / this.scale) };
  }

  /** The grid cells in view, with one cell to spare on each side. */
  inView(): { x0: number; x1: number; y0: number; y1: number } {
    return {
      x0: Math.floor(-this.ox / this.scale) - 1,
      x1: Math.ceil((this.width - this.ox) / this.scale) + 1,
      y0: Math.floor(-this.oy / this.scale) - 1,
      y1: Math.ceil((this.height - this.oy) / this.scale) + 1,
    };
  }

  /** Pans canvas point (px, py) to the middle if it is within two cells of an edge or beyond; answers whether it panned. */
  reveal(px: number, py: number): boolean {
    const margin = this.scale * 2;
    if (px < margin || py < margin || px > this.width - margin || py > this.height - margin) {
      this.panBy(this.width / 2 - px, this.height / 2 - py);
      return true;
    }
    return false;
  }
}
