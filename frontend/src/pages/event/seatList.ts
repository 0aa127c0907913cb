import { h } from '../../dom';
import { formatMoney, holdable, type SeatMap } from '../../seatMap';

/** The first seat index of each section, in seatmap order (the map's indices run section by section). */
export function sectionStarts(map: SeatMap): number[] {
  const starts: number[] = [];
  let first = 0;
  for (const section of map.layout.sections) {
    starts.push(first);
    first += section.rows.reduce((n, row) => n + row.seatIds.length, 0);
  }
  starts.push(first);
  return starts;
}

/** The seats of section `s` the list offers, row by row: the free ones and the buyer's own pick, by number in the row. */
export function listedRows(map: SeatMap, s: number, start: number, selected: Set<number>): { label: string; seats: { seat: number; number: number }[] }[] {
  let seat = start;
  return map.layout.sections[s].rows.map((row) => {
    const seats: { seat: number; number: number }[] = [];
    for (let k = 0; k < row.seatIds.length; k++, seat++) {
      if (holdable(map.status[seat]) || selected.has(seat)) {
        seats.push({ seat, number: k + 1 });
      }
    }
    return { label: row.label, seats };
  });
}

/** How many of the seats from `start` to `end` (exclusive) are free. */
export function freeCount(map: SeatMap, start: number, end: number): number {
  let free = 0;
  for (let i = start; i < end; i++) {
    free += map.status[i] === 0 ? 1 : 0;
  }
  return free;
}

export interface SeatList {
  readonly element: HTMLElement;
  /** The button that shows and hides the list. */
  readonly toggleButton: HTMLElement;
  /** Renders the list again now, if it is shown. */
  refresh(): void;
  /** Renders the list again soon, if it is shown (many changes come in a burst). */
  schedule(): void;
  stop(): void;
}

/**
 * The list of free seats by section, the alternative to the canvas (for screen readers and small
 * screens): one button per free seat in each open section; a standing area says how many places
 * are free.
 */
export function seatList(map: SeatMap, selected: Set<number>, toggle: (seat: number) => void): SeatList {
  const element = h('section', { class: 'seat-list', hidden: true, 'aria-label': 'Free seats by section' });
  const toggleButton = h('button', { type: 'button', 'aria-expanded': 'false', 'data-testid': 'list-toggle' }, 'List of free seats');
  const starts = sectionStarts(map);
  const open = new Set<number>([0]);
  let timer = 0;

  function render() {
    element.replaceChildren(...map.layout.sections.map((section, s) => {
      const details = h('details', { open: open.has(s) }, h('summary', {}, `${section.name} · ${formatMoney(section.price)}`));
      // the browser also fires toggle for a details rendered open: act on real changes only
      details.addEventListener('toggle', () => {
        if (details.open && !open.has(s)) {
          open.add(s);
          render();
        } else if (!details.open) {
          open.delete(s);
        }
      });
      if (open.has(s) && section.capacity) {
        details.append(h('p', {}, `Standing room: ${freeCount(map, starts[s], starts[s + 1])} of ${section.capacity} places free. `
          + 'Choose how many with Best available.'));
      } else if (open.has(s)) {
        for (const row of listedRows(map, s, starts[s], selected)) {
          const buttons = row.seats.map(({ seat, number }) =>
            h('button', { type: 'button', class: 'seat-button', 'aria-pressed': selected.has(seat) ? 'true' : 'false',
              'aria-label': `${map.describe(seat)}, ${formatMoney(map.price(seat))}`, onclick: () => toggle(seat) }, String(number)));
          details.append(h('div', { class: 'seat-row' }, h('span', { class: 'row-label' }, `Row ${row.label}`),
            ...(buttons.length ? buttons : [h('span', { class: 'muted' }, 'no free seats')])));
        }
      }
      return details;
    }));
  }

  toggleButton.addEventListener('click', () => {
    element.hidden = !element.hidden;
    toggleButton.setAttribute('aria-expanded', String(!element.hidden));
    refresh();
  });

  function refresh() {
    if (!element.hidden) {
      render();
    }
  }

  return {
    element,
    toggleButton,
    refresh,
    schedule() {
      if (!element.hidden && !timer) {
        timer = window.setTimeout(() => {
          timer = 0;
          render();
        }, 300);
      }
    },
    stop: () => window.clearTimeout(timer),
  };
}
