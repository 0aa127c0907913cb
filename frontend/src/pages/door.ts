// The door scanner (SCANNER staff): pick the event and the gate, scan with the camera or type a code,
// and see ADMIT or REFUSE at a glance. Online, each scan is the server's (`POST /tickets/scan`);
// offline, it is decided from the event's signed list (door.ts) and sent when the network is back.

import { ApiProblem, call, explain, get } from '../api';
import { h } from '../dom';
import {
  OfflineDoor, clock, firstEntry, indexedDbStore, invalidReason,
  type Conflict, type DoorKey, type Settlement, type SignedList, type Verdict,
} from '../door';
import type { EventView, Page } from './types';

const GATE_KEY = 'marquee.door.gate';
const DEVICE_KEY = 'marquee.door.device';

/** How often the list is fetched again, and the queue and counts, while online. */
const LIST_EVERY_MS = 60_000;
const SYNC_EVERY_MS = 10_000;

/** The same code seen again by the camera within this time is the same scan. */
const CAMERA_REPEAT_MS = 3_000;

/** This device's id, made once and kept: the server tells devices apart by it. */
function deviceId(): string {
  let id = localStorage.getItem(DEVICE_KEY);
  if (!id) {
    id = `door-${crypto.randomUUID().slice(0, 8)}`;
    localStorage.setItem(DEVICE_KEY, id);
  }
  return id;
}

const tickets = (n: number) => `${n} ticket${n === 1 ? '' : 's'}`;

/**
 * Installs the door's offline shell (public/door-sw.js) and has it keep the app's files this page
 * loaded, so the scanner opens without a network too; answers whether it did.
 */
async function keepOffline(loaded: Promise<unknown>): Promise<boolean> {
  if (!('serviceWorker' in navigator)) {
    return false;
  }
  await navigator.serviceWorker.register('/door-sw.js', { scope: '/door' });
  await loaded.catch(() => undefined);
  const worker = (await navigator.serviceWorker.ready).active;
  if (!worker) {
    return false;
  }
  const files = [
    ...performance.getEntriesByType('resource').map((entry) => entry.name),
    ...Array.from(document.querySelectorAll<HTMLScriptElement>('script[src]'), (script) => script.src),
    ...Array.from(document.querySelectorAll<HTMLLinkElement>('link[rel="stylesheet"], link[rel="modulepreload"]'), (link) => link.href),
  ].filter((url) => new URL(url, location.href).origin === location.origin && new URL(url, location.href).pathname.startsWith('/assets/'));
  return new Promise((resolve) => {
    const answered = (event: MessageEvent) => {
      if (typeof event.data?.kept === 'number') {
        navigator.serviceWorker.removeEventListener('message', answered);
        resolve(event.data.kept >= 0);
      }
    };
    navigator.serviceWorker.addEventListener('message', answered);
    worker.postMessage({ keep: [...new Set(files)] });
  });
}

/** What a refusal by the server means at the door. */
function refusal(problem: ApiProblem): string {
  switch (problem.slug) {
    case 'already-used':
      return `Already used ${firstEntry(problem.body.usedAt as string | undefined, problem.body.gate as string | undefined)}.`;
    case 'invalid-code':
      return invalidReason(problem.body.reason as string | undefined);
    case 'unauthorized':
    case 'forbidden':
      return 'This device is not signed in as a scanner.';
    default:
      return explain(problem);
  }
}

function conflictText(conflict: Conflict): string {
  const seat = conflict.seatId ?? 'Unknown ticket';
  if (conflict.outcome === 'DOUBLE_ENTRY') {
    const first = conflict.firstAdmission;
    return `${seat}: double entry. Admitted here offline at ${clock(conflict.scannedAt)}, but it first got in ${firstEntry(first?.usedAt, first?.gate)}.`;
  }
  return `${seat}: admitted here offline at ${clock(conflict.scannedAt)}, but ${invalidReason(conflict.reason).toLowerCase()}`;
}

/** Without an event: choose one. */
const chooseEvent: Page = (container, navigate) => {
  const events = h('select', { 'aria-label': 'Event', 'data-testid': 'door-event' });
  const open = h('button', { type: 'button', class: 'primary', 'data-testid': 'door-open' }, 'Open the door');
  const note = h('p', { role: 'alert', class: 'muted' });
  open.addEventListener('click', () => {
    if (events.value) {
      navigate(`/door/${events.value}`);
    }
  });
  container.append(h('h1', {}, 'Door'), h('p', {}, 'Which event are you scanning for?'),
    h('div', { class: 'toolbar' }, events, open), note);
  get<EventView[]>('/api/v1/events')
    .then((list) => events.append(...list.map((event) => h('option', { value: event.eventId }, `${event.name} · ${event.venueName}`))))
    .catch((problem) => { note.textContent = explain(problem); });
  return () => {};
};

/** The door of one event. */
const scanEvent = (eventId: string): Page => (container) => {
  const device = deviceId();
  const door = new OfflineDoor(eventId, device, indexedDbStore());
  const ready = door.open();
  let key: DoorKey | null = null;
  let listProblem = '';
  let stopped = false;

  const title = h('h1', {}, 'Door');
  const gate = h('input', { value: localStorage.getItem(GATE_KEY) ?? 'Main', maxlength: 64, 'aria-label': 'Gate', 'data-testid': 'gate', size: 12 });
  const code = h('input', { placeholder: 'Scan or type a ticket code', 'aria-label': 'Ticket code', autocomplete: 'off', 'data-testid': 'code', class: 'door-code' });
  const scanButton = h('button', { type: 'submit', class: 'primary', 'data-testid': 'scan' }, 'Check');
  const form = h('form', { class: 'door-form' }, code, scanButton);
  const cameraButton = h('button', { type: 'button', 'data-testid': 'camera' }, 'Start camera');
  const video = h('video', { class: 'door-video', muted: true, playsinline: true, hidden: true });
  const connection = h('span', { class: 'door-state', 'data-testid': 'connection' });
  const listStatus = h('span', { class: 'door-state', 'data-testid': 'list-status' });
  const pending = h('span', { class: 'door-state', 'data-testid': 'pending' });
  const shell = h('span', { class: 'door-state', 'data-testid': 'offline-ready', 'data-state': 'no' });
  const verdict = h('div', { class: 'verdict', 'data-testid': 'verdict', 'data-verdict': 'none', role: 'status', 'aria-live': 'assertive' },
    h('strong', {}, 'Ready'), h('span', { 'data-testid': 'verdict-reason' }, 'Scan a ticket.'));
  const counts = h('ul', { class: 'door-counts', 'data-testid': 'counts' });
  const conflicts = h('ul', { class: 'door-conflicts', 'data-testid': 'conflicts' });
  let scans = 0;

  gate.addEventListener('change', () => localStorage.setItem(GATE_KEY, gate.value.trim() || 'Main'));
  container.append(title,
    h('div', { class: 'toolbar door-status' }, connection, listStatus, pending, shell),
    h('div', { class: 'toolbar' }, h('label', {}, 'Gate ', gate), cameraButton),
    form, video, verdict,
    h('section', { class: 'panel' }, h('h2', {}, 'Admitted'), counts),
    h('section', { class: 'panel' }, h('h2', {}, 'Found when syncing'), conflicts));

  const renderStatus = () => {
    const online = navigator.onLine;
    connection.dataset.state = online ? 'online' : 'offline';
    connection.textContent = online ? 'Online' : 'Offline: checking against the list';
    const list = door.current;
    listStatus.dataset.state = list ? 'verified' : listProblem ? 'invalid' : 'missing';
    listStatus.textContent = list
      ? `List verified: ${tickets(list.entries.length)}, as of ${clock(list.issuedAt)}`
      : listProblem || 'No ticket list yet';
    pending.dataset.count = String(door.pending);
    pending.textContent = door.pending === 0 ? 'All scans synced' : `${door.pending} scan${door.pending === 1 ? '' : 's'} to sync`;
    conflicts.replaceChildren(...(door.conflicts.length === 0
      ? [h('li', { class: 'muted', 'data-testid': 'no-conflicts' }, 'No double entries.')]
      : door.conflicts.map((conflict) => h('li', { 'data-testid': 'conflict' }, conflictText(conflict)))));
  };

  const show = (result: Verdict) => {
    scans++;
    verdict.dataset.verdict = result.kind;
    verdict.dataset.scan = String(scans);
    verdict.replaceChildren(
      h('strong', {}, result.kind === 'admit' ? 'ADMIT' : 'REFUSE'),
      h('span', { 'data-testid': 'verdict-reason' }, result.kind === 'admit'
        ? `Seat ${result.seatId}${result.offline ? ' (offline: will sync)' : ''}`
        : result.reason));
  };

  const refreshList = async () => {
    if (!navigator.onLine) {
      return;
    }
    try {
      const list = await get<SignedList>(`/api/v1/events/${eventId}/door-list`);
      if (!key || key.keyId !== list.keyId) {
        key = await get<DoorKey>('/api/v1/door/public-key');
      }
      await door.accept(list, key);
      listProblem = '';
    } catch (problem) {
      if (problem instanceof ApiProblem) {
        // unreachable: keep the list we have; anything else is worth saying
        listProblem = problem.status === 0 ? listProblem : `No ticket list: ${refusal(problem)}`;
      } else {
        listProblem = `The downloaded list did not verify, so it is not used: ${(problem as Error).message}`;
      }
    }
    renderStatus();
  };

  const refreshCounts = async () => {
    if (!navigator.onLine) {
      return;
    }
    try {
      const answer = await get<{ tickets: number; admitted: number; gates: { gate: string; admitted: number }[] }>(
        `/api/v1/events/${eventId}/door-counts`);
      counts.replaceChildren(
        h('li', { class: 'total' }, `${answer.admitted} of ${tickets(answer.tickets)}`),
        ...answer.gates.map((g) => h('li', {}, `Gate ${g.gate}: ${g.admitted}`)));
    } catch {
      // counts are a nicety: the next round tries again
    }
  };

  const sync = async () => {
    if (!navigator.onLine || door.pending === 0) {
      return;
    }
    try {
      await door.sync(async (queued) =>
        (await call<{ results: Settlement[] }>('POST', `/api/v1/events/${eventId}/scans`, { body: { scans: queued } })).body.results);
    } catch {
      // still unreachable, or refused: the queue is kept and sent again later
    }
    renderStatus();
    void refreshCounts();
  };

  const check = async (text: string) => {
    const scanned = text.trim();
    if (!scanned) {
      return;
    }
    const at = gate.value.trim() || 'Main';
    await ready;
    if (navigator.onLine) {
      try {
        const answer = await call<{ seatId: string; scannedAt: string }>('POST', '/api/v1/tickets/scan',
          { body: { code: scanned, eventId, gate: at, deviceId: device } });
        await door.admittedOnline(scanned, at, answer.body.scannedAt);
        show({ kind: 'admit', seatId: answer.body.seatId, offline: false });
        void refreshCounts();
        return;
      } catch (problem) {
        if (problem instanceof ApiProblem && problem.status !== 0 && problem.status < 500) {
          show({ kind: 'refuse', reason: refusal(problem) });
          return;
        }
        // the server cannot be reached or cannot answer: the list decides
      }
    }
    show(await door.scanOffline(scanned, at, new Date()));
    renderStatus();
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = code.value;
    code.value = '';
    code.focus();
    void check(text);
  });

  // the camera's decoder, loaded now so that the camera also starts once the network is gone
  const decoder = Promise.all([import('@zxing/browser'), import('@zxing/library')]);
  let camera: { stop(): void } | null = null;
  let cameraOn = false;
  let restarts = 0;
  let lastSeen = { text: '', at: 0 };
  const stopCamera = () => {
    cameraOn = false;
    camera?.stop();
    camera = null;
    video.hidden = true;
    cameraButton.textContent = 'Start camera';
  };
  const startCamera = async (): Promise<void> => {
    const [{ BrowserQRCodeReader }, { ChecksumException, DecodeHintType, FormatException, NotFoundException }] = await decoder;
    video.hidden = false;
    // trying harder costs a few milliseconds a frame and reads codes the quick search misses
    const reader = new BrowserQRCodeReader(new Map([[DecodeHintType.TRY_HARDER, true]]));
    const controls = await reader.decodeFromConstraints({ video: { facingMode: 'environment' } }, video,
      (result, error) => {
        if (result) {
          restarts = 0;
          const text = result.getText();
          const now = Date.now();
          if (text !== lastSeen.text || now - lastSeen.at > CAMERA_REPEAT_MS) {
            void check(text);
          }
          lastSeen = { text, at: now };
        } else if (error && !(error instanceof NotFoundException || error instanceof ChecksumException
          || error instanceof FormatException)) {
          // on any other error (a frame read before the video had its size) the decoder stops
          // for good: start it again, a few times
          console.warn('The camera\'s decoder stopped; starting it again:', error);
          window.setTimeout(() => {
            if (cameraOn && restarts++ < 5) {
              camera?.stop();
              void startCamera().catch(cameraFailed);
            }
          }, 300);
        }
      });
    if (cameraOn) {
      camera = controls;
    } else {
      controls.stop();
    }
  };
  const cameraFailed = () => {
    stopCamera();
    show({ kind: 'refuse', reason: 'The camera could not start: type or paste the code instead.' });
  };
  cameraButton.addEventListener('click', () => {
    if (cameraOn) {
      stopCamera();
      return;
    }
    cameraOn = true;
    restarts = 0;
    cameraButton.textContent = 'Stop camera';
    void startCamera().catch(cameraFailed);
  });

  const online = () => {
    renderStatus();
    void refreshList().then(sync);
  };
  const offline = () => renderStatus();
  window.addEventListener('online', online);
  window.addEventListener('offline', offline);
  const timers = [
    window.setInterval(() => void refreshList(), LIST_EVERY_MS),
    window.setInterval(() => void sync(), SYNC_EVERY_MS),
  ];

  keepOffline(decoder)
    .then((kept) => {
      shell.dataset.state = kept ? 'ready' : 'no';
      shell.textContent = kept ? 'Opens offline' : '';
    })
    .catch(() => undefined);
  renderStatus();
  get<EventView>(`/api/v1/events/${eventId}`)
    .then((event) => { title.textContent = `Door · ${event.name}`; })
    .catch(() => {});
  void ready.then(() => {
    if (!stopped) {
      renderStatus();
      void refreshList().then(sync).then(refreshCounts);
    }
  });
  code.focus();

  return () => {
    stopped = true;
    timers.forEach((timer) => window.clearInterval(timer));
    window.removeEventListener('online', online);
    window.removeEventListener('offline', offline);
    stopCamera();
  };
};

/** `/door` and `/door/{eventId}`. */
export const doorPage = (eventId: string | null): Page => (eventId ? scanEvent(eventId) : chooseEvent);
