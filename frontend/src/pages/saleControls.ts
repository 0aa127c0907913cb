import { call, explain, get } from '../api';
import { formatDate, h } from '../dom';
import { formatMoney } from '../seatMap';
import type { components } from '../generated/api';
import type { EventView } from './types';

type Schemas = components['schemas'];
type PriceRuleView = Schemas['PriceRuleView'];
type PriceRuleRequest = Schemas['PriceRuleRequest'];
type ResaleSettings = Schemas['ResaleSettings'];
type QueueDifficulty = Schemas['QueueDifficulty'];

/** Where an organizer's action is reported: the page's message line. */
type Say = (text: string, problem?: boolean) => void;

const label = (text: string, input: HTMLElement) => h('label', { class: 'field' }, h('span', {}, text), input);
const instant = (local: string) => new Date(local).toISOString();

/**
 * The rules of the sale an organizer changes while it runs: the price rules of each tier,
 * resale (allowed, and its cap), and the waiting room's proof of work. Each part reads its
 * state from the server and shows what the server answered after a change.
 */
export function saleControls(event: EventView, say: Say): HTMLElement {
  return h('details', { class: 'sale-controls', 'data-testid': 'sale-controls' },
    h('summary', {}, 'Prices, resale and bot defence'),
    priceRules(event, say),
    resaleSettings(event, say),
    event.queue.enabled ? queueDifficulty(event, say) : null);
}

function describe(rule: PriceRuleView): string {
  return rule.kind === 'TIME_WINDOW'
    ? `${rule.from ? formatDate(rule.from) : 'any time'} until ${rule.until ? formatDate(rule.until) : 'the show'}`
    : `once ${Math.round(rule.minShare * 100)}% is sold`;
}

/** The event's price rules: a table, a form for a new one, and deleting one. */
function priceRules(event: EventView, say: Say): HTMLElement {
  const currency = Object.values(event.prices)[0]?.currency ?? 'EUR';
  const rows = h('tbody', { 'data-testid': 'price-rules' });
  const tier = h('select', { 'aria-label': 'Tier', 'data-testid': 'rule-tier' },
    ...Object.keys(event.prices).map((t) => h('option', { value: t }, t)));
  const kind = h('select', { 'aria-label': 'Kind', 'data-testid': 'rule-kind' },
    h('option', { value: 'TIME_WINDOW' }, 'Time window'), h('option', { value: 'DEMAND_STEP' }, 'Demand step'));
  const ruleLabel = h('input', { placeholder: 'Early bird', 'aria-label': 'Label', 'data-testid': 'rule-label' });
  const from = h('input', { type: 'datetime-local', 'aria-label': 'From', 'data-testid': 'rule-from' });
  const until = h('input', { type: 'datetime-local', 'aria-label': 'Until', 'data-testid': 'rule-until' });
  const share = h('input', { type: 'number', min: 1, max: 100, value: 50, 'aria-label': 'Sold (%)', 'data-testid': 'rule-share' });
  const price = h('input', { type: 'number', min: 0, step: 0.01, 'aria-label': 'Price', 'data-testid': 'rule-price' });
  const priority = h('input', { type: 'number', value: 0, 'aria-label': 'Priority', 'data-testid': 'rule-priority' });
  const add = h('button', { type: 'submit', 'data-testid': 'add-rule' }, 'Add the rule');
  const windowFields = h('span', {}, label('From', from), label('Until', until));
  const stepFields = h('span', { hidden: true }, label('Sold (%)', share));
  kind.addEventListener('change', () => {
    windowFields.hidden = kind.value !== 'TIME_WINDOW';
    stepFields.hidden = kind.value !== 'DEMAND_STEP';
  });
  const form = h('form', { class: 'fields' }, label('Tier', tier), label('Kind', kind), windowFields, stepFields,
    label(`Price (${currency})`, price), label('Priority', priority), label('Label', ruleLabel), add);

  const show = (rules: PriceRuleView[]) => rows.replaceChildren(...rules.map((rule) => {
    const remove = h('button', { type: 'button', 'data-testid': `delete-rule-${rule.ruleId}` }, 'Delete');
    remove.addEventListener('click', async () => {
      remove.disabled = true;
      try {
        await call('DELETE', `/api/v1/events/${event.eventId}/price-rules/${rule.ruleId}`);
        say('Rule deleted; seats already held keep their price.');
        await load();
      } catch (problem) {
        say(explain(problem), true);
        remove.disabled = false;
      }
    });
    return h('tr', { 'data-rule': rule.ruleId },
      h('td', {}, rule.tier), h('td', {}, rule.label || '—'), h('td', {}, describe(rule)),
      h('td', {}, formatMoney({ amountMinor: rule.priceMinor, currency })), h('td', {}, String(rule.priority)),
      h('td', {}, remove));
  }));
  const load = async () => show(await get<PriceRuleView[]>(`/api/v1/events/${event.eventId}/price-rules`));

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    add.disabled = true;
    const body: PriceRuleRequest = {
      tier: tier.value,
      kind: kind.value,
      label: ruleLabel.value.trim() || undefined,
      priceMinor: price.value === '' ? undefined : Math.round(Number(price.value) * 100),
      priority: Number(priority.value || 0),
      ...(kind.value === 'TIME_WINDOW'
        ? { from: from.value ? instant(from.value) : undefined, until: until.value ? instant(until.value) : undefined }
        : { minShare: Number(share.value) / 100 }),
    };
    try {
      await call('POST', `/api/v1/events/${event.eventId}/price-rules`, { body });
      say('Rule added: it prices every hold from now on; seats already held keep their price.');
      await load();
    } catch (problem) {
      say(explain(problem), true);
    } finally {
      add.disabled = false;
    }
  });
  load().catch((problem) => say(explain(problem), true));
  return h('fieldset', {}, h('legend', {}, 'Price rules'),
    h('table', { class: 'rules' },
      h('thead', {}, h('tr', {}, ...['Tier', 'Label', 'When', 'Price', 'Priority', ''].map((t) => h('th', {}, t)))), rows),
    form);
}

/** Whether the event's tickets may be resold, and at most at what share of their price. */
function resaleSettings(event: EventView, say: Say): HTMLElement {
  const allowed = h('input', { type: 'checkbox', 'data-testid': 'resale-allowed' });
  const cap = h('input', { type: 'number', min: 1, max: 100, 'aria-label': 'Cap (% of face value)', 'data-testid': 'resale-cap' });
  const save = h('button', { type: 'submit', 'data-testid': 'save-resale' }, 'Save');
  const show = (settings: ResaleSettings) => {
    allowed.checked = settings.allowed ?? true;
    cap.value = String(settings.capPercent ?? 100);
  };
  const form = h('form', { class: 'fields' }, h('label', { class: 'check' }, allowed, ' Buyers may resell their tickets'),
    label('Cap (% of face value)', cap), save);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    save.disabled = true;
    try {
      const answer = await call<ResaleSettings>('PUT', `/api/v1/events/${event.eventId}/resale-settings`,
        { body: { allowed: allowed.checked, capPercent: Number(cap.value) } });
      show(answer.body);
      say(answer.body.allowed ? `Resale allowed, at most ${answer.body.capPercent}% of face value.`
        : 'Resale is off; every open listing ended.');
    } catch (problem) {
      say(explain(problem), true);
    } finally {
      save.disabled = false;
    }
  });
  get<ResaleSettings>(`/api/v1/events/${event.eventId}/resale-settings`).then(show)
    .catch((problem) => say(explain(problem), true));
  return h('fieldset', {}, h('legend', {}, 'Resale at face value'), form);
}

/** The proof of work the waiting room asks of each join, changed live. */
function queueDifficulty(event: EventView, say: Say): HTMLElement {
  const bits = h('input', { type: 'number', min: 0, max: 32, 'aria-label': 'Proof of work (bits)', 'data-testid': 'queue-difficulty' });
  const save = h('button', { type: 'submit', 'data-testid': 'save-difficulty' }, 'Save');
  const form = h('form', { class: 'fields' }, label('Proof of work (bits, 0 = off)', bits), save,
    h('span', { class: 'muted' }, '14-16 when bots show up; each bit doubles a buyer\'s wait.'));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    save.disabled = true;
    try {
      const answer = await call<QueueDifficulty>('PUT', `/api/v1/events/${event.eventId}/queue-difficulty`,
        { body: { difficulty: Number(bits.value) } });
      bits.value = String(answer.body.difficulty ?? 0);
      say(answer.body.difficulty ? `Joins now need a ${answer.body.difficulty}-bit proof of work.` : 'Joins need no proof of work.');
    } catch (problem) {
      say(explain(problem), true);
    } finally {
      save.disabled = false;
    }
  });
  get<QueueDifficulty>(`/api/v1/events/${event.eventId}/queue-difficulty`)
    .then((answer) => { bits.value = String(answer.difficulty ?? 0); })
    .catch((problem) => say(explain(problem), true));
  return h('fieldset', {}, h('legend', {}, 'Waiting room'), form);
}
