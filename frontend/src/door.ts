// The door scanner's offline logic (docs/API.md, "The door"): verify an event's signed list of
// tickets with WebCrypto, decide a scan from it while offline, remember what this device admitted,
// and queue those admissions for the server, which settles them when the device is back online.
// No DOM here: the page (pages/door.ts) draws it, the tests drive it.

import type { components } from './generated/api';

type Schemas = components['schemas'];

/** `GET /events/{id}/door-list`: the signed payload as a string, and its signature. */
export type SignedList = Schemas['DoorList'];

/** `GET /door/public-key`. */
export type DoorKey = Schemas['DoorKey'];

/** What `POST /events/{id}/scans` answers for one scan. */
export type Settlement = Schemas['Settlement'];

/** One live ticket of the list: the hash of its current code. */
export interface DoorEntry {
  codeHash: string;
  ticketId: string;
  seatId: string;
  used: boolean;
  usedAt?: string;
}

/** What the list's signature covers: the JSON text of this. */
export interface ListPayload {
  version: number;
  eventId: string;
  issuedAt: string;
  keyId: string;
  entries: DoorEntry[];
}

/** A scan this device admitted offline, as it is sent to the server. */
export interface QueuedScan {
  code: string;
  scannedAt: string;
  gate: string;
  deviceId: string;
}

/** A scan the server did not settle as this device's admission: someone got in twice, or should not have. */
export interface Conflict {
  seatId?: string;
  outcome: 'DOUBLE_ENTRY' | 'INVALID';
  reason?: string;
  scannedAt: string;
  firstAdmission?: Settlement['firstAdmission'];
}

/** What the door shows: let them in, or not and why. */
export type Verdict =
  | { kind: 'admit'; seatId: string; offline: boolean }
  | { kind: 'refuse'; reason: string };

/** Where the device keeps the list and its own admissions (IndexedDB in the browser). */
export interface DoorStore {
  load(key: string): Promise<unknown>;
  save(key: string, value: unknown): Promise<void>;
}

/** The list's storage key and this device's admissions', per event. */
const listKey = (eventId: string) => `list:${eventId}`;
const stateKey = (eventId: string) => `state:${eventId}`;

const encoder = new TextEncoder();

function base64ToBytes(text: string): Uint8Array<ArrayBuffer> {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) {
    bytes[i] = binary.charCodeAt(i);
  }
  return bytes;
}

function bytesToBase64Url(bytes: ArrayBuffer): string {
  let binary = '';
  for (const byte of new Uint8Array(bytes)) {
    binary += String.fromCharCode(byte);
  }
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The SHA-256 of a scanned code's text (without surrounding white space), base64url: how the list names it. */
export async function codeHash(code: string): Promise<string> {
  return bytesToBase64Url(await crypto.subtle.digest('SHA-256', encoder.encode(code.trim())));
}

/**
 * The list's payload, if the signature over its exact text verifies with the key and it is this
 * event's list; throws otherwise. Only the payload is trusted, never the fields beside it.
 */
export async function verifyList(list: SignedList, key: DoorKey, eventId: string): Promise<ListPayload> {
  if (!list.payload || !list.signature || !key.spki) {
    throw new Error('The list or its key is incomplete.');
  }
  const publicKey = await crypto.subtle.importKey('spki', base64ToBytes(key.spki), { name: 'ECDSA', namedCurve: 'P-256' },
    false, ['verify']);
  const valid = await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, publicKey, base64ToBytes(list.signature),
    encoder.encode(list.payload));
  if (!valid) {
    throw new Error('The list\'s signature does not verify.');
  }
  const payload = JSON.parse(list.payload) as ListPayload;
  if (payload.eventId !== eventId) {
    throw new Error('The list is for another event.');
  }
  if (payload.keyId !== key.keyId) {
    throw new Error('The list was signed with another key.');
  }
  return payload;
}

/** Hours and minutes of an instant, in the device's time zone. */
export function clock(iso: string | undefined): string {
  if (!iso) {
    return 'an unknown time';
  }
  return new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

/** Why the server says a code admits nobody, in words for the door. */
export function invalidReason(reason: string | undefined): string {
  switch (reason) {
    case 'forged':
      return 'Forged: this is not a Marquee ticket.';
    case 'reissued':
      return 'Replaced: this code was given away; the new holder has the valid one.';
    case 'cancelled':
      return 'Cancelled: this ticket was refunded.';
    case 'other-event':
      return 'Not for this event.';
    case 'unknown':
      return 'No such ticket.';
    default:
      return `Not valid${reason ? ` (${reason})` : ''}.`;
  }
}

/** Where and when a ticket first got in, as the server or this device knows it. */
export function firstEntry(at: string | undefined, gate: string | undefined): string {
  return `at ${clock(at)}${gate ? ` at gate ${gate}` : ''}`;
}

interface DeviceState {
  /** Code hash -> this device's admission of it. */
  admitted: Record<string, { at: string; gate: string }>;
  queue: QueuedScan[];
  conflicts: Conflict[];
}

/**
 * One event's door on this device: the verified list, what this device admitted, and the
 * admissions still to send. Every change is saved before it is answered, so a reload (or a
 * crash) loses nothing a guest was admitted on.
 */
export class OfflineDoor {
  private list: ListPayload | null = null;

  private byHash = new Map<string, DoorEntry>();

  private state: DeviceState = { admitted: {}, queue: [], conflicts: [] };

  private syncing: Promise<Conflict[]> | null = null;

  constructor(
    readonly eventId: string,
    readonly deviceId: string,
    private readonly store: DoorStore,
  ) {}

  /** Loads what the device kept: its admissions, and the stored list if it still verifies. */
  async open(): Promise<void> {
    const state = (await this.store.load(stateKey(this.eventId))) as DeviceState | undefined;
    if (state) {
      this.state = { admitted: state.admitted ?? {}, queue: state.queue ?? [], conflicts: state.conflicts ?? [] };
    }
    const kept = (await this.store.load(listKey(this.eventId))) as { list: SignedList; key: DoorKey } | undefined;
    if (kept) {
      try {
        this.use(await verifyList(kept.list, kept.key, this.eventId));
      } catch {
        // a stored list that no longer verifies (tampered with, or a changed key) is not used
      }
    }
  }

  /** Takes a freshly downloaded list, if it verifies; it replaces the kept one. */
  async accept(list: SignedList, key: DoorKey): Promise<ListPayload> {
    const payload = await verifyList(list, key, this.eventId);
    if (this.list && Date.parse(payload.issuedAt) < Date.parse(this.list.issuedAt)) {
      return this.list;
    }
    this.use(payload);
    await this.store.save(listKey(this.eventId), { list, key });
    return payload;
  }

  private use(payload: ListPayload): void {
    this.list = payload;
    this.byHash = new Map(payload.entries.map((entry) => [entry.codeHash, entry]));
  }

  /** The verified list in use, if any. */
  get current(): ListPayload | null {
    return this.list;
  }

  get pending(): number {
    return this.state.queue.length;
  }

  get conflicts(): readonly Conflict[] {
    return this.state.conflicts;
  }

  /** The key id of the list in use, to tell whether the server's key changed. */
  get keyId(): string | undefined {
    return this.list?.keyId;
  }

  /**
   * Decides a scan from the list alone: a code on it, not used when the list was made and not yet
   * admitted here, gets in (and is queued for the server); anything else is refused with the reason.
   */
  async scanOffline(code: string, gate: string, now: Date): Promise<Verdict> {
    if (!this.list) {
      return { kind: 'refuse', reason: 'No verified ticket list on this device: cannot check tickets offline.' };
    }
    const hash = await codeHash(code);
    const entry = this.byHash.get(hash);
    if (!entry) {
      return {
        kind: 'refuse',
        reason: code.trim().startsWith('MQT1.')
          ? 'Not on this event\'s list: forged, replaced by a transfer, cancelled, or for another event.'
          : 'Forged: this is not a Marquee ticket.',
      };
    }
    const mine = this.state.admitted[hash];
    if (mine) {
      return { kind: 'refuse', reason: `Already admitted on this device ${firstEntry(mine.at, mine.gate)}.` };
    }
    if (entry.used) {
      return { kind: 'refuse', reason: `Already used ${firstEntry(entry.usedAt, undefined)}.` };
    }
    const scannedAt = now.toISOString();
    this.state.admitted[hash] = { at: scannedAt, gate };
    this.state.queue.push({ code: code.trim(), scannedAt, gate, deviceId: this.deviceId });
    await this.save();
    return { kind: 'admit', seatId: entry.seatId, offline: true };
  }

  /** Remembers a code the server admitted online here, so a copy of it is refused offline later. */
  async admittedOnline(code: string, gate: string, at: string): Promise<void> {
    this.state.admitted[await codeHash(code)] = { at, gate };
    await this.save();
  }

  /**
   * Sends the queued admissions (500 at a time) and keeps what the server found wrong: a double
   * entry (someone else got in first) or a code it refuses. A scan is taken off the queue only once
   * the server answered for it, and sending one again is harmless, so a lost answer costs nothing.
   * Answers the new conflicts; a network failure leaves the queue as it was and throws.
   */
  sync(send: (scans: QueuedScan[]) => Promise<Settlement[]>): Promise<Conflict[]> {
    if (!this.syncing) {
      this.syncing = this.drain(send).finally(() => {
        this.syncing = null;
      });
    }
    return this.syncing;
  }

  private async drain(send: (scans: QueuedScan[]) => Promise<Settlement[]>): Promise<Conflict[]> {
    const found: Conflict[] = [];
    while (this.state.queue.length > 0) {
      const batch = this.state.queue.slice(0, 500);
      const results = await send(batch);
      batch.forEach((scan, i) => {
        const result = results[i];
        // a double entry whose first admission is this device's own is this device's online scan
        // whose answer never came (it went on offline): not a second guest
        if (result?.outcome === 'DOUBLE_ENTRY' && result.firstAdmission?.deviceId !== this.deviceId) {
          found.push({ seatId: result.seatId, outcome: 'DOUBLE_ENTRY', scannedAt: scan.scannedAt, firstAdmission: result.firstAdmission });
        } else if (result?.outcome === 'INVALID') {
          found.push({ seatId: result.seatId, outcome: 'INVALID', reason: result.reason, scannedAt: scan.scannedAt });
        }
      });
      this.state.queue = this.state.queue.filter((queued) => !batch.includes(queued));
      this.state.conflicts = [...this.state.conflicts.filter((c) => !found.includes(c)), ...found];
      await this.save();
    }
    return found;
  }

  private save(): Promise<void> {
    return this.store.save(stateKey(this.eventId), this.state);
  }
}

/** A store in memory: for tests, and for browsers without IndexedDB (nothing survives a reload). */
export function memoryStore(): DoorStore {
  const values = new Map<string, unknown>();
  return {
    load: async (key) => structuredClone(values.get(key)),
    save: async (key, value) => {
      values.set(key, structuredClone(value));
    },
  };
}

/** The device's store in IndexedDB (the list of a stadium outgrows localStorage). */
export function indexedDbStore(name = 'marquee-door'): DoorStore {
  if (typeof indexedDB === 'undefined') {
    return memoryStore();
  }
  let database: Promise<IDBDatabase> | null = null;
  const open = () => new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(name, 1);
    request.onupgradeneeded = () => request.result.createObjectStore('kv');
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const run = async <T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> => {
    database ??= open();
    const db = await database;
    return new Promise<T>((resolve, reject) => {
      const transaction = db.transaction('kv', mode);
      const request = work(transaction.objectStore('kv'));
      transaction.oncomplete = () => resolve(request.result);
      transaction.onerror = () => reject(transaction.error);
      transaction.onabort = () => reject(transaction.error);
    });
  };
  return {
    load: (key) => run('readonly', (store) => store.get(key)),
    save: async (key, value) => {
      await run('readwrite', (store) => store.put(value, key));
    },
  };
}
