import { describe, expect, it } from 'vitest';
import { OfflineDoor, codeHash, memoryStore, verifyList, type DoorKey, type ListPayload, type QueuedScan, type Settlement, type SignedList } from '../src/door';

const EVENT = '11111111-2222-4333-8444-555555555555';

function base64Url(bytes: ArrayBuffer): string {
  return btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** A server of our own: a P-256 key, and lists signed with it as the real one signs them. */
async function server() {
  const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  const spki = btoa(String.fromCharCode(...new Uint8Array(await crypto.subtle.exportKey('spki', pair.publicKey))));
  const key: DoorKey = { keyId: 'k1', algorithm: 'ES256', spki };
  const sign = async (payload: ListPayload): Promise<SignedList> => {
    const text = JSON.stringify(payload);
    const signature = await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, pair.privateKey, new TextEncoder().encode(text));
    return { eventId: payload.eventId, issuedAt: payload.issuedAt, keyId: payload.keyId, tickets: payload.entries.length, payload: text, signature: base64Url(signature) };
  };
  return { key, sign };
}

async function payload(codes: Record<string, { seatId: string; used?: boolean; usedAt?: string }>, issuedAt = '2026-12-04T18:00:00Z'): Promise<ListPayload> {
  const entries = await Promise.all(Object.entries(codes).map(async ([code, t], i) => ({
    codeHash: await codeHash(code), ticketId: `t-${i}`, seatId: t.seatId, used: t.used ?? false, usedAt: t.usedAt,
  })));
  return { version: 1, eventId: EVENT, issuedAt, keyId: 'k1', entries };
}

describe('the door list', () => {
  it('names a code by the SHA-256 of its text, as the server does', async () => {
    // sha256("abc"), base64url
    expect(await codeHash('abc')).toBe('ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0');
    expect(await codeHash('  abc\n')).toBe(await codeHash('abc'));
  });

  it('is trusted only when its exact text verifies with the key, and only for its event', async () => {
    const { key, sign } = await server();
    const list = await sign(await payload({ 'MQT1.a.b': { seatId: 'S-A-1' } }));
    expect((await verifyList(list, key, EVENT)).entries[0].seatId).toBe('S-A-1');

    const tampered = { ...list, payload: list.payload!.replace('S-A-1', 'S-A-2') };
    await expect(verifyList(tampered, key, EVENT)).rejects.toThrow(/signature/);
    const other = await server();
    await expect(verifyList(list, other.key, EVENT)).rejects.toThrow(/signature/);
    await expect(verifyList(list, key, 'another-event')).rejects.toThrow(/another event/);
    // the fields beside the payload are not what is trusted
    expect((await verifyList({ ...list, eventId: 'x', tickets: 99 }, key, EVENT)).entries).toHaveLength(1);
  });
});

describe('the offline door', () => {
  const now = new Date('2026-12-04T19:30:00Z');

  async function door(codes: Parameters<typeof payload>[0], store = memoryStore()) {
    const { key, sign } = await server();
    const d = new OfflineDoor(EVENT, 'dev-1', store);
    await d.open();
    await d.accept(await sign(await payload(codes)), key);
    return d;
  }

  it('admits a listed code once, refuses its copies, and queues the admission', async () => {
    const d = await door({ 'MQT1.good.sig': { seatId: 'S-A-1' } });
    expect(await d.scanOffline('MQT1.good.sig', 'North', now)).toEqual({ kind: 'admit', seatId: 'S-A-1', offline: true });
    const again = await d.scanOffline(' MQT1.good.sig ', 'South', now);
    expect(again.kind).toBe('refuse');
    expect(again.kind === 'refuse' && again.reason).toMatch(/Already admitted on this device at .* at gate North/);
    expect(d.pending).toBe(1);
  });

  it('refuses codes not on the list, and tickets used before the list was made', async () => {
    const d = await door({ 'MQT1.used.sig': { seatId: 'S-A-2', used: true, usedAt: '2026-12-04T19:02:00Z' } });
    const used = await d.scanOffline('MQT1.used.sig', 'North', now);
    expect(used.kind === 'refuse' && used.reason).toMatch(/^Already used at/);
    const unknown = await d.scanOffline('MQT1.other.sig', 'North', now);
    expect(unknown.kind === 'refuse' && unknown.reason).toMatch(/Not on this event's list/);
    const junk = await d.scanOffline('hello', 'North', now);
    expect(junk.kind === 'refuse' && junk.reason).toMatch(/Forged/);
    expect(d.pending).toBe(0);
  });

  it('refuses everything without a verified list', async () => {
    const d = new OfflineDoor(EVENT, 'dev-1', memoryStore());
    await d.open();
    const verdict = await d.scanOffline('MQT1.good.sig', 'North', now);
    expect(verdict.kind === 'refuse' && verdict.reason).toMatch(/No verified ticket list/);
  });

  it('keeps its list and admissions across a reload, and drops a stored list that no longer verifies', async () => {
    const store = memoryStore();
    const d = await door({ 'MQT1.good.sig': { seatId: 'S-A-1' } }, store);
    await d.scanOffline('MQT1.good.sig', 'North', now);
    const reloaded = new OfflineDoor(EVENT, 'dev-1', store);
    await reloaded.open();
    expect(reloaded.current?.entries).toHaveLength(1);
    expect(reloaded.pending).toBe(1);
    expect((await reloaded.scanOffline('MQT1.good.sig', 'North', now)).kind).toBe('refuse');

    const kept = (await store.load(`list:${EVENT}`)) as { list: SignedList; key: DoorKey };
    await store.save(`list:${EVENT}`, { ...kept, list: { ...kept.list, payload: kept.list.payload!.replace('"used":false', '"used":true') } });
    const tampered = new OfflineDoor(EVENT, 'dev-1', store);
    await tampered.open();
    expect(tampered.current).toBeNull();
  });

  it('sends its queue, clears what the server answered, and keeps the double entries it found', async () => {
    const d = await door({ 'MQT1.a.sig': { seatId: 'S-A-1' }, 'MQT1.b.sig': { seatId: 'S-A-2' }, 'MQT1.c.sig': { seatId: 'S-A-3' } });
    await d.scanOffline('MQT1.a.sig', 'North', now);
    await d.scanOffline('MQT1.b.sig', 'North', now);
    await d.scanOffline('MQT1.c.sig', 'North', now);

    // the network fails: nothing is lost
    await expect(d.sync(async () => { throw new Error('offline'); })).rejects.toThrow();
    expect(d.pending).toBe(3);

    const sent: QueuedScan[][] = [];
    const conflicts = await d.sync(async (scans) => {
      sent.push(scans);
      return [
        { outcome: 'ADMITTED', seatId: 'S-A-1' },
        { outcome: 'DOUBLE_ENTRY', seatId: 'S-A-2', firstAdmission: { usedAt: '2026-12-04T19:10:00Z', gate: 'South', deviceId: 'dev-2' } },
        // this device's own online scan, whose answer was lost: not a second guest
        { outcome: 'DOUBLE_ENTRY', seatId: 'S-A-3', firstAdmission: { usedAt: '2026-12-04T19:29:00Z', deviceId: 'dev-1' } },
      ] satisfies Settlement[];
    });
    expect(sent[0].map((s) => [s.code, s.gate, s.deviceId, s.scannedAt])).toEqual([
      ['MQT1.a.sig', 'North', 'dev-1', now.toISOString()],
      ['MQT1.b.sig', 'North', 'dev-1', now.toISOString()],
      ['MQT1.c.sig', 'North', 'dev-1', now.toISOString()],
    ]);
    expect(d.pending).toBe(0);
    expect(conflicts.map((c) => [c.outcome, c.seatId, c.firstAdmission?.gate])).toEqual([['DOUBLE_ENTRY', 'S-A-2', 'South']]);
    expect(d.conflicts).toHaveLength(1);
    // nothing left to send: no request
    await d.sync(async (scans) => { sent.push(scans); return []; });
    expect(sent).toHaveLength(1);
  });

  it('refuses offline a copy of a code it admitted online', async () => {
    const d = await door({ 'MQT1.a.sig': { seatId: 'S-A-1' } });
    await d.admittedOnline('MQT1.a.sig', 'North', '2026-12-04T19:00:00Z');
    expect((await d.scanOffline('MQT1.a.sig', 'North', now)).kind).toBe('refuse');
  });
});
