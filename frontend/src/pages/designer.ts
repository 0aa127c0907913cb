import { ApiProblem, call, explain, get } from '../api';
import { h } from '../dom';
import { MapView } from '../mapView';
import { SeatMap, type SeatMapLayout } from '../seatMap';
import type { components } from '../generated/api';
import type { Page } from './types';

type Schemas = components['schemas'];
export type VenueDraft = Schemas['CreateVenue'];
type SectionDraft = Schemas['CreateVenueSectionSpec'];
type RowDraft = Schemas['CreateVenueRowSpec'];
type TableDraft = Schemas['CreateVenueTableSpec'];
type VenueView = Schemas['VenueView'];
type VenueSummary = Schemas['VenueSummary'];

/** The kinds of place a click on a seat cycles through, by the row's lists that name them. */
const KINDS = ['wheelchair', 'companion', 'restrictedView'] as const;
type Kind = (typeof KINDS)[number];

/** A venue's draft as the designer starts it: one section of two straight rows and a stage. */
export function newDraft(): VenueDraft {
  return {
    name: 'New venue',
    city: 'Lisbon',
    stage: { label: 'Stage', x: 0, y: -5, width: 12, height: 3 },
    sections: [{ code: 'S', name: 'Stalls', priceTier: 'std', x: 0, y: 0, rotation: 0,
      rows: [{ label: 'A', seats: 10 }, { label: 'B', seats: 10 }] }],
  };
}

/** A saved venue as the designer edits it: the view in the shape POST takes, less its seat ids. */
export function draftOf(venue: VenueView): VenueDraft {
  const strip = <T>(value: object, ...keys: string[]): T =>
    Object.fromEntries(Object.entries(value).filter(([key, v]) => !keys.includes(key) && v !== null && v !== undefined)) as T;
  return {
    name: venue.name,
    city: venue.city,
    ...(venue.stage ? { stage: strip<NonNullable<VenueDraft['stage']>>(venue.stage) } : {}),
    sections: venue.sections.map((section) => {
      const base = strip<SectionDraft>(section, 'rows', 'tables');
      if (section.capacity) {
        return base;
      }
      return {
        ...base,
        rows: section.rows.map((row) => strip<RowDraft>(row, 'seatIds')),
        ...(section.tables ? { tables: section.tables.map((table) => strip<TableDraft>(table, 'seatIds')) } : {}),
      };
    }),
  };
}

/** The next row label after `label`: B after A, AA after Z, 11 after 10. */
export function nextLabel(label: string): string {
  if (/^\d+$/.test(label)) {
    return String(Number(label) + 1);
  }
  if (/^Z+$/.test(label)) {
    return 'A'.repeat(label.length + 1);
  }
  const last = label.charCodeAt(label.length - 1);
  return /[A-Ya-y]$/.test(label) ? label.slice(0, -1) + String.fromCharCode(last + 1) : `${label}2`;
}

/**
 * Cycles the kind of place seat `number` of a row or table is: standard, wheelchair place,
 * companion seat, restricted view (tables have no restricted views), and back.
 */
export function cycleKind(row: RowDraft | TableDraft, number: number, table: boolean): void {
  const kinds: Kind[] = table ? ['wheelchair', 'companion'] : [...KINDS];
  const lists = row as Partial<Record<Kind, number[]>>;
  const current = kinds.findIndex((kind) => lists[kind]?.includes(number));
  if (current >= 0) {
    lists[kinds[current]] = lists[kinds[current]]!.filter((n) => n !== number);
    if (lists[kinds[current]]!.length === 0) {
      delete lists[kinds[current]];
    }
  }
  const next = current + 1;
  if (next < kinds.length) {
    lists[kinds[next]] = [...(lists[kinds[next]] ?? []), number].sort((a, b) => a - b);
  }
}

/** A draft's history: every change is a step that Undo takes back and Redo takes again. */
export class History {
  private readonly steps: string[];

  private at = 0;

  constructor(draft: VenueDraft) {
    this.steps = [JSON.stringify(draft)];
  }

  current(): VenueDraft {
    return JSON.parse(this.steps[this.at]) as VenueDraft;
  }

  push(draft: VenueDraft): void {
    const step = JSON.stringify(draft);
    if (step !== this.steps[this.at]) {
      this.steps.splice(this.at + 1, this.steps.length, step);
      this.at++;
    }
  }

  undo(): VenueDraft | null {
    return this.at > 0 ? JSON.parse(this.steps[--this.at]) : null;
  }

  redo(): VenueDraft | null {
    return this.at < this.steps.length - 1 ? JSON.parse(this.steps[++this.at]) : null;
  }
}

const numbers = (text: string): number[] | undefined => {
  const list = text.split(/[\s,]+/).filter(Boolean).map(Number);
  return list.length ? list : undefined;
};

/** A labelled input bound to one field: a change sets it (empty clears it) and records a step. */
function field(label: string, value: unknown, set: (value: string) => void, options: Record<string, unknown> = {}): HTMLElement {
  const input = h('input', { value: value === undefined || value === null ? '' : String(value), ...options });
  input.addEventListener('change', () => set(input.value.trim()));
  return h('label', { class: 'field' }, h('span', {}, label), input);
}

const num = (value: string): number | undefined => (value === '' ? undefined : Number(value));

/** The venues an organizer has, with a link to design each and to start a new one. */
export const venuesPage: Page = (container) => {
  container.append(h('h1', {}, 'Venues'), h('p', {}, h('a', { href: '/admin/venues/new', 'data-link': true, 'data-testid': 'new-venue' }, 'Design a new venue')));
  const list = h('ul', { class: 'venues', 'data-testid': 'venues' });
  container.append(list);
  get<VenueSummary[]>('/api/v1/venues')
    .then((venues) => list.append(...venues.map((venue) => h('li', {},
      h('a', { href: `/admin/venues/${venue.venueId}`, 'data-link': true }, venue.name),
      ` · ${venue.city} · ${(venue.seatCount ?? 0).toLocaleString()} seats${venue.inUse ? ' · events on sale (save edits as a new venue)' : ''}`))))
    .catch((problem) => container.append(h('p', { role: 'alert' }, explain(problem))));
  return () => {};
};

/**
 * The chart designer (for organizers): a venue's sections, rows, tables, standing areas and stage
 * as a form, its plan drawn beside it from the server's preview (which lists every rule the draft
 * breaks), a click on a seat to mark it a wheelchair place, companion seat or restricted view,
 * undo and redo, and save. A venue an event is on is saved as a new venue instead.
 */
export const designerPage =
  (venueId: string | null): Page =>
  (container, navigate) => {
    let history = new History(newDraft());
    let draft = history.current();
    let savedId = venueId;
    let view: MapView | undefined;
    let previews = 0;
    let timer = 0;

    const form = h('div', { class: 'designer-form' });
    let canvas = h('canvas', { class: 'seat-canvas', 'data-testid': 'seat-canvas' });
    const status = h('p', { class: 'muted', 'data-testid': 'preview-status', role: 'status' }, 'Drawing…');
    const problems = h('ul', { class: 'problems', 'data-testid': 'problems' });
    const message = h('div', { class: 'message', role: 'alert', 'data-testid': 'message' });
    const undo = h('button', { type: 'button', 'data-testid': 'undo', onclick: () => step(history.undo()) }, 'Undo');
    const redo = h('button', { type: 'button', 'data-testid': 'redo', onclick: () => step(history.redo()) }, 'Redo');
    const save = h('button', { type: 'button', class: 'primary', 'data-testid': 'save', onclick: () => void store(false) }, 'Save');
    const saveAsNew = h('button', { type: 'button', 'data-testid': 'save-as-new', hidden: true, onclick: () => void store(true) }, 'Save as a new venue');
    container.append(
      h('h1', {}, venueId ? 'Edit venue' : 'Design a venue'),
      h('p', { class: 'muted' }, 'Positions are in seat widths; y grows away from the stage. Click a seat on the plan to mark it a wheelchair place, then a companion seat, then a restricted view. ',
        h('a', { href: '/admin/venues', 'data-link': true }, 'All venues')),
      h('div', { class: 'toolbar' }, undo, redo, save, saveAsNew),
      message,
      h('div', { class: 'designer' }, form, h('div', { class: 'designer-plan' }, status, h('div', { class: 'canvas-wrap' }, canvas), problems)),
    );

    /** Records the draft as a step, redraws the form if its shape changed, and previews it. */
    function changed(redrawForm: boolean): void {
      history.push(draft);
      if (redrawForm) {
        renderForm();
      }
      schedulePreview();
    }

    function step(to: VenueDraft | null): void {
      if (to) {
        draft = to;
        renderForm();
        schedulePreview();
      }
    }

    function onKey(event: KeyboardEvent): void {
      const typing = event.target instanceof HTMLInputElement || event.target instanceof HTMLSelectElement;
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'z' && !typing) {
        event.preventDefault();
        step(event.shiftKey ? history.redo() : history.undo());
      }
    }
    document.addEventListener('keydown', onKey);

    function renderForm(): void {
      const stage = draft.stage;
      form.replaceChildren(
        h('fieldset', {}, h('legend', {}, 'Venue'),
          field('Name', draft.name, (v) => { draft.name = v; changed(false); }, { 'data-testid': 'venue-name' }),
          field('City', draft.city, (v) => { draft.city = v; changed(false); }, { 'data-testid': 'venue-city' })),
        h('fieldset', {}, h('legend', {}, 'Stage'),
          stage
            ? h('div', { class: 'fields' },
              field('Label', stage.label, (v) => { stage.label = v; changed(false); }),
              field('x', stage.x, (v) => { stage.x = Number(v); changed(false); }, { type: 'number', step: 0.5 }),
              field('y', stage.y, (v) => { stage.y = Number(v); changed(false); }, { type: 'number', step: 0.5, 'data-testid': 'stage-y' }),
              field('Width', stage.width, (v) => { stage.width = Number(v); changed(false); }, { type: 'number', min: 1 }),
              field('Depth', stage.height, (v) => { stage.height = Number(v); changed(false); }, { type: 'number', min: 1 }),
              h('button', { type: 'button', onclick: () => { delete draft.stage; changed(true); } }, 'Remove the stage'))
            : h('button', { type: 'button', 'data-testid': 'add-stage', onclick: () => { draft.stage = { label: 'Stage', x: 0, y: -5, width: 12, height: 3 }; changed(true); } }, 'Add a stage')),
        ...draft.sections.map((section, s) => sectionForm(section, s)),
        h('button', { type: 'button', 'data-testid': 'add-section', onclick: () => addSection(false) }, 'Add a section of rows'),
        h('button', { type: 'button', 'data-testid': 'add-standing', onclick: () => addSection(true) }, 'Add a standing area'),
      );
    }

    function addSection(standing: boolean): void {
      const n = draft.sections.length + 1;
      const last = draft.sections[draft.sections.length - 1];
      const y = (last?.y ?? 0) + (last?.rows?.length ?? 4) + 3;
      draft.sections.push(standing
        ? { code: `GA${n}`, name: `Standing ${n}`, priceTier: 'std', capacity: 200, x: 0, y, width: 12, depth: 6 }
        : { code: `S${n}`, name: `Section ${n}`, priceTier: 'std', x: 0, y, rotation: 0, rows: [{ label: 'A', seats: 10 }] });
      changed(true);
    }

    function sectionForm(section: SectionDraft, s: number): HTMLElement {
      const at = `section-${s}`;
      const rows = section.rows ?? [];
      const body = section.capacity
        ? [h('div', { class: 'fields' },
          field('Capacity', section.capacity, (v) => { section.capacity = Number(v); changed(false); }, { type: 'number', min: 1 }),
          field('Width', section.width, (v) => { section.width = num(v); changed(false); }, { type: 'number', min: 1 }),
          field('Depth', section.depth, (v) => { section.depth = num(v); changed(false); }, { type: 'number', min: 1 }))]
        : [
          h('table', { class: 'rows' },
            h('thead', {}, h('tr', {}, ...['Row', 'Seats', 'Curve radius', 'Spacing', 'Aisles after', 'First no.', 'Step', 'Tier', ''].map((t) => h('th', {}, t)))),
            h('tbody', {}, ...rows.map((row, r) => rowForm(section, row, `${at}-row-${r}`, r)))),
          h('button', { type: 'button', 'data-testid': `${at}-add-row`, onclick: () => addRow(section) }, 'Add a row'),
          ...(section.tables ?? []).map((table, t) => tableForm(section, table, `${at}-table-${t}`, t)),
          h('button', { type: 'button', 'data-testid': `${at}-add-table`, onclick: () => addTable(section) }, 'Add a table'),
        ];
      return h('fieldset', { class: 'section', 'data-testid': at },
        h('legend', {}, `${section.name} (${section.code})`),
        h('div', { class: 'fields' },
          field('Code', section.code, (v) => { section.code = v; changed(true); }, { 'data-testid': `${at}-code` }),
          field('Name', section.name, (v) => { section.name = v; changed(true); }, { 'data-testid': `${at}-name` }),
          field('Price tier', section.priceTier, (v) => { section.priceTier = v; changed(false); }, { 'data-testid': `${at}-tier` }),
          field('x', section.x, (v) => { section.x = num(v); changed(false); }, { type: 'number', step: 0.5, 'data-testid': `${at}-x` }),
          field('y', section.y, (v) => { section.y = num(v); changed(false); }, { type: 'number', step: 0.5, 'data-testid': `${at}-y` }),
          field('Turn (°)', section.rotation, (v) => { section.rotation = num(v); changed(false); }, { type: 'number', step: 5, 'data-testid': `${at}-rotation` })),
        ...body,
        h('button', { type: 'button', class: 'link', onclick: () => { draft.sections.splice(s, 1); changed(true); } }, `Remove ${section.name}`));
    }

    function rowForm(section: SectionDraft, row: RowDraft, at: string, r: number): HTMLElement {
      const cell = (input: HTMLElement) => h('td', {}, input);
      const input = (value: unknown, set: (v: string) => void, options: Record<string, unknown>) => {
        const element = h('input', { value: value ?? '', ...options });
        element.addEventListener('change', () => set(element.value.trim()));
        return element;
      };
      const step = h('select', { 'aria-label': `Row ${row.label} numbering`, 'data-testid': `${at}-step` },
        ...[['1', '1, 2, 3'], ['2', 'odd/even'], ['-1', 'down'], ['-2', 'odd/even down']].map(([value, text]) =>
          h('option', { value, selected: String(row.numberStep ?? 1) === value }, text)));
      step.addEventListener('change', () => { row.numberStep = Number(step.value) === 1 ? undefined : Number(step.value); changed(false); });
      return h('tr', { 'data-testid': at },
        cell(input(row.label, (v) => { row.label = v; changed(false); }, { 'aria-label': 'Row label', size: 3, 'data-testid': `${at}-label` })),
        cell(input(row.seats, (v) => { row.seats = Number(v); changed(false); }, { type: 'number', min: 1, 'aria-label': `Row ${row.label} seats`, 'data-testid': `${at}-seats` })),
        cell(input(row.radius, (v) => { row.radius = num(v); changed(false); }, { type: 'number', step: 1, 'aria-label': `Row ${row.label} curve radius (empty: straight)`, 'data-testid': `${at}-radius` })),
        cell(input(row.spacing, (v) => { row.spacing = num(v); changed(false); }, { type: 'number', step: 0.05, min: 0.5, 'aria-label': `Row ${row.label} spacing` })),
        cell(input(row.gapsAfter?.join(', '), (v) => { row.gapsAfter = numbers(v); changed(false); }, { 'aria-label': `Row ${row.label} aisles after seat positions`, size: 6, 'data-testid': `${at}-gaps` })),
        cell(input(row.firstNumber, (v) => { row.firstNumber = num(v); changed(false); }, { type: 'number', min: 1, 'aria-label': `Row ${row.label} first number` })),
        cell(step),
        cell(input(row.priceTier, (v) => { row.priceTier = v || undefined; changed(false); }, { 'aria-label': `Row ${row.label} price tier`, size: 6 })),
        cell(h('button', { type: 'button', class: 'link', 'aria-label': `Remove row ${row.label}`, onclick: () => { section.rows!.splice(r, 1); changed(true); } }, 'remove')));
    }

    function addRow(section: SectionDraft): void {
      const rows = (section.rows ??= []);
      const last = rows[rows.length - 1];
      rows.push(last
        ? { label: nextLabel(last.label), seats: last.seats, ...(last.radius ? { radius: last.radius + 1 } : {}),
          ...(last.spacing ? { spacing: last.spacing } : {}), ...(last.gapsAfter ? { gapsAfter: [...last.gapsAfter] } : {}) }
        : { label: 'A', seats: 10 });
      changed(true);
    }

    function tableForm(section: SectionDraft, table: TableDraft, at: string, t: number): HTMLElement {
      return h('div', { class: 'fields table', 'data-testid': at },
        field('Table', table.label, (v) => { table.label = v; changed(false); }),
        field('Seats', table.seats, (v) => { table.seats = Number(v); changed(false); }, { type: 'number', min: 1, max: 24 }),
        field('x', table.x, (v) => { table.x = Number(v); changed(false); }, { type: 'number', step: 0.5 }),
        field('y', table.y, (v) => { table.y = Number(v); changed(false); }, { type: 'number', step: 0.5 }),
        h('button', { type: 'button', class: 'link', onclick: () => { section.tables!.splice(t, 1); changed(true); } }, 'remove'));
    }

    function addTable(section: SectionDraft): void {
      const tables = (section.tables ??= []);
      const rows = section.rows?.length ?? 0;
      tables.push({ label: `T${tables.length + 1}`, seats: 6, x: tables.length * 3 - 6, y: rows + 2 });
      changed(true);
    }

    function schedulePreview(): void {
      clearTimeout(timer);
      timer = window.setTimeout(() => void preview(), 150);
    }

    /** Draws the server's plan of the draft, or lists what the draft breaks; a late answer to an older draft is dropped. */
    async function preview(): Promise<void> {
      const mine = ++previews;
      try {
        const plan = (await call<SeatMapLayout>('POST', '/api/v1/venues/preview', { body: draft })).body;
        if (mine !== previews) {
          return;
        }
        problems.replaceChildren();
        status.textContent = `${plan.seatCount.toLocaleString()} seats`;
        status.dataset.seats = String(plan.seatCount);
        draw(plan);
      } catch (problem) {
        if (mine !== previews) {
          return;
        }
        const violations = problem instanceof ApiProblem ? (problem.body.violations as { field: string; message: string }[] | undefined) : undefined;
        status.textContent = violations ? `${violations.length} to fix before it can be saved` : explain(problem);
        delete status.dataset.seats;
        problems.replaceChildren(...(violations ?? []).map((v) => h('li', {}, h('code', {}, v.field), ` ${v.message}`)));
      }
    }

    function draw(plan: SeatMapLayout): void {
      view?.destroy();
      // a fresh canvas: the last view's pointer and key listeners go with the old one
      const fresh = canvas.cloneNode(false) as HTMLCanvasElement;
      canvas.replaceWith(fresh);
      canvas = fresh;
      const map = new SeatMap(plan);
      view = new MapView(canvas, map, new Set(), new Set(), { toggle: (seat) => markSeat(map.ids[seat]) });
      (window as unknown as Record<string, unknown>).marqueeMap = { map, view };
    }

    /** A click on a seat cycles its kind of place in the draft. */
    function markSeat(seatId: string): void {
      const [code, label, number] = seatId.split('-');
      const section = draft.sections.find((candidate) => candidate.code === code);
      const row = section?.rows?.find((candidate) => candidate.label === label);
      const table = section?.tables?.find((candidate) => candidate.label === label);
      if (row ?? table) {
        cycleKind((row ?? table)!, Number(number), !row);
        changed(false);
      }
    }

    async function store(asNew: boolean): Promise<void> {
      save.disabled = true;
      try {
        const answer = savedId && !asNew
          ? await call<VenueView>('PUT', `/api/v1/venues/${savedId}`, { body: draft })
          : await call<VenueView>('POST', '/api/v1/venues', { body: draft });
        message.className = 'message info';
        message.textContent = `Saved ${answer.body.name}: ${answer.body.seatCount ?? 0} seats.`;
        saveAsNew.hidden = true;
        if (answer.body.venueId !== savedId) {
          savedId = answer.body.venueId;
          navigate(`/admin/venues/${savedId}`);
        }
      } catch (problem) {
        message.className = 'message problem';
        const inUse = problem instanceof ApiProblem && problem.slug === 'venue-in-use';
        message.textContent = inUse
          ? 'Events are on sale on this venue and keep the layout they were sold on. Save your edit as a new venue.'
          : explain(problem);
        saveAsNew.hidden = !inUse;
      } finally {
        save.disabled = false;
      }
    }

    if (venueId) {
      get<VenueView>(`/api/v1/venues/${venueId}`)
        .then((venue) => {
          history = new History(draftOf(venue));
          draft = history.current();
          renderForm();
          void preview();
        })
        .catch((problem) => message.append(explain(problem)));
    } else {
      renderForm();
      void preview();
    }
    return () => {
      clearTimeout(timer);
      previews++;
      view?.destroy();
      document.removeEventListener('keydown', onKey);
    };
  };
