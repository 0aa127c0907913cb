// The buyer's own check of the waiting room's shuffle (docs/FAIRNESS.md): the same
// marquee-early-shuffle-v1 as the server's EarlyShuffle and scripts/verify-queue-place.mjs, in
// WebCrypto. test/fairness.test.ts checks it against vectors the server's code answered.

const ROUNDS = 4;

/** The public fairness record of an event's waiting room. */
export interface Fairness {
  eventId: string;
  commitment?: string;
  opened: boolean;
  earlyJoined?: number;
  seed?: string;
  algorithm: string;
}

const utf8 = new TextEncoder();

function hex(bytes: ArrayBuffer): string {
  return [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The commitment to a seed: SHA-256 of its UTF-8 bytes, lowercase hex. */
export async function commitmentOf(seed: string): Promise<string> {
  return hex(await crypto.subtle.digest('SHA-256', utf8.encode(seed)));
}

/** The place (0-based) of the index-th (0-based) of n early joiners. */
export async function permute(index: number, n: number, seed: string): Promise<number> {
  if (index < 0 || index >= n) {
    throw new Error(`index ${index} outside 0..${n - 1}`);
  }
  if (n === 1) {
    return 0;
  }
  const key = await crypto.subtle.importKey('raw', utf8.encode(seed), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const size = BigInt(n);
  const half = BigInt(Math.floor(((n - 1).toString(2).length + 1) / 2));
  const mask = (1n << half) - 1n;
  let value = BigInt(index);
  do {
    // a permutation of 0..4^half-1, applied until it lands below n (cycle-walking)
    let left = value >> half;
    let right = value & mask;
    for (let round = 0; round < ROUNDS; round++) {
      const input = new DataView(new ArrayBuffer(9));
      input.setUint8(0, round);
      input.setBigUint64(1, right);
      const mac = new DataView(await crypto.subtle.sign('HMAC', key, input.buffer));
      const next = left ^ (mac.getBigUint64(0) & mask);
      left = right;
      right = next;
    }
    value = (left << half) | right;
  } while (value >= size);
  return Number(value);
}

/** What checking a place found. */
export interface Verification {
  commitmentMatches: boolean;
  expectedNumber: number;
  numberMatches: boolean;
}

/**
 * Checks that sha256(seed) is the commitment seen before opening, and that early joiner
 * #earlyIndex of earlyJoined has the number the server gave.
 */
export async function verifyPlace(seenCommitment: string, seed: string, earlyJoined: number, earlyIndex: number,
  number: number): Promise<Verification> {
  const expectedNumber = 1 + (await permute(earlyIndex - 1, earlyJoined, seed));
  return {
    commitmentMatches: (await commitmentOf(seed)) === seenCommitment.toLowerCase(),
    expectedNumber,
    numberMatches: expectedNumber === number,
  };
}
