// The waiting room's proof of work, solved synchronously (docs/FAIRNESS.md, ProofOfWork.java):
// the first counter, written in base 36 (0, 1, ..., z, 10, ...), whose
// SHA-256(challenge ":" counter) starts with `difficulty` zero bits. Plain functions, so the
// worker (powWorker.ts) and the tests run the same code.
import { sha256 } from '@noble/hashes/sha2.js';

/** How many leading zero bits a hash has. */
export function leadingZeroBits(hash: Uint8Array): number {
  let bits = 0;
  for (const byte of hash) {
    if (byte !== 0) {
      return bits + Math.clz32(byte) - 24;
    }
    bits += 8;
  }
  return bits;
}

const DIGITS = '0123456789abcdefghijklmnopqrstuvwxyz';
const CODES = Array.from(DIGITS, (c) => c.charCodeAt(0));

/** The digit after a digit (by character code); 0 after z, which carries. */
const NEXT = new Uint8Array(128);
for (let i = 0; i + 1 < CODES.length; i++) {
  NEXT[CODES[i]] = CODES[i + 1];
}

/** The server accepts solutions of 1-32 letters or digits: 36^32 counters, never reached. */
const MAX_DIGITS = 32;

export interface Solved {
  solution: string;
  tried: number;
}

/**
 * Finds the solution: hashes the fixed `challenge ":"` prefix once and, per counter, clones that
 * state into one reused hasher and hashes only the counter's bytes into one reused output. The
 * counter is kept as ASCII digits and incremented in place (what `i.toString(36)` would give).
 * `progress(tried)` is called every `every` hashes.
 */
export function solveChallenge(
  challenge: string,
  difficulty: number,
  progress: (tried: number) => void = () => {},
  every = 1 << 16,
): Solved {
  const prefix = sha256.create().update(new TextEncoder().encode(`${challenge}:`));
  const scratch = prefix.clone();
  const out = new Uint8Array(32);
  // the counter's digits, most significant first, and a view per length
  const digits = new Uint8Array(MAX_DIGITS);
  const views = Array.from({ length: MAX_DIGITS + 1 }, (_, n) => digits.subarray(0, n));
  let length = 1;
  digits[0] = CODES[0];
  const wholeBytes = difficulty >>> 3;
  for (let tried = 1; ; tried++) {
    prefix._cloneInto(scratch).update(views[length]).digestInto(out);
    // most hashes fail on their first byte: test the whole zero bytes before counting bits
    let zero = true;
    for (let i = 0; i < wholeBytes; i++) {
      if (out[i] !== 0) {
        zero = false;
        break;
      }
    }
    if (zero && leadingZeroBits(out) >= difficulty) {
      return { solution: String.fromCharCode(...views[length]), tried };
    }
    if (tried % every === 0) {
      progress(tried);
    }
    length = increment(digits, length);
  }
}

/** Adds one to the base-36 counter in `digits[0, length)`; answers its new length. */
function increment(digits: Uint8Array, length: number): number {
  for (let i = length - 1; i >= 0; i--) {
    const next = NEXT[digits[i]];
    if (next !== 0) {
      digits[i] = next;
      return length;
    }
    digits[i] = CODES[0];
  }
  // all digits were z: one more digit, 1 followed by zeros
  if (length === MAX_DIGITS) {
    throw new Error('no solution within 32 digits');
  }
  digits.copyWithin(1, 0, length);
  digits[0] = CODES[1];
  return length + 1;
}
