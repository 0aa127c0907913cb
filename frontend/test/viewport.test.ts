import { describe, expect, it } from 'vitest';
import { MAX_SCALE, MIN_SCALE, Viewport } from '../src/viewport';

function viewport(width: number, height: number): Viewport {
  const view = new Viewport();
  view.resize(width, height);
  return view;
}

describe('Viewport', () => {
  it('fits a grid whole and centred, with room for the row labels', () => {
    const view = viewport(800, 400);
    view.fit(34, 8);
    expect(view.scale).toBe(20);
    expect(view.toCanvas(0, 0)).toEqual({ x: 60, y: 120 });
    expect(view.toCanvas(34, 8)).toEqual({ x: 740, y: 280 });
  });

  it('keeps the grid point under the pointer where it is while zooming', () => {
    const view = viewport(800, 400);
    view.fit(34, 8);
    const before = view.cellAt(300, 200);
    view.zoomAt(1.5, 300, 200);
    expect(view.scale).toBe(30);
    expect(view.cellAt(300, 200)).toEqual(before);
    expect(view.toCanvas(12, 4)).toEqual({ x: 300, y: 200 });
  });

  it('zooms no further than its limits', () => {
    const view = viewport(800, 400);
    view.zoomAt(1000, 0, 0);
    expect(view.scale).toBe(MAX_SCALE);
    view.zoomAt(0.0001, 0, 0);
    expect(view.scale).toBe(MIN_SCALE);
    view.fit(100_000, 1);
    expect(view.scale).toBe(MIN_SCALE);
  });

  it('finds the cell under a point, after a pan too', () => {
    const view = viewport(100, 100);
    expect(view.cellAt(9, 3)).toEqual({ x: 2, y: 0 });
    view.panBy(-8, 4);
    expect(view.cellAt(9, 3)).toEqual({ x: 4, y: -1 });
  });

  it('tells which cells are in view, one to spare on each side', () => {
    const view = viewport(100, 40);
    view.panBy(20, 0);
    expect(view.inView()).toEqual({ x0: -6, x1: 21, y0: -1, y1: 11 });
  });

  it('pans a point near an edge to the middle, and leaves one well inside alone', () => {
    const view = viewport(100, 100);
    expect(view.reveal(50, 50)).toBe(false);
    expect(view.reveal(95, 50)).toBe(true);
    expect(view.toCanvas(0, 0)).toEqual({ x: -45, y: 0 });
  });
});
