#!/usr/bin/env node
// Verifies a place in a Marquee waiting room's shuffle of early joiners, from public data only
// (docs/FAIRNESS.md). Plain Node (18+), no dependencies.
//
//   node scripts/verify-queue-place.mjs --url https://tickets.example --event <eventId> \
//        --early-index <k> [--number <n>] [--commitment <hex seen before opening>]
//   node scripts/verify-queue-place.mjs --seed <hex> --early-joined <n> --early-index <k> [--commitment <hex>]
//   node scripts/verify-queue-place.mjs --batch < cases.json   # [[index, n, seed], ...] -> [place, ...] (0-based)
//
// --early-index and --number are what the join (or standing) answer says as earlyIndex and number.
// Exit status: 0 verified, 1 a check failed, 2 usage or network error.
import { createHash, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const ROUNDS = 4;

/** marquee-early-shuffle-v1: the place (0-based) of the index-th (0-based) of n early joiners. */
export function permute(index, n, seed) {
  let value = BigInt(index);
  const size = BigInt(n);
  if (value < 0n || value >= size) {
    throw new Error(`index ${index} outside 0..${n - 1}`);
  }
  if (size === 1n) {
    return 0;
  }
  const bits = (size - 1n).toString(2).length;
  const half = BigInt(Math.floor((bits + 1) / 2));
  const mask = (1n << half) - 1n;
  do {
    // a permutation of 0..4^half-1, applied until it lands below n (cycle-walking)
    let left = value >> half;
    let right = value & mask;
    for (let round = 0; round < ROUNDS; round++) {
      const input = Buffer.alloc(9);
      input[0] = round;
      input.writeBigUInt64BE(right, 1);
      const f = createHmac('sha256', Buffer.from(seed, 'utf8')).update(input).digest().readBigUInt64BE(0);
      const next = left ^ (f & mask);
      left = right;
      right = next;
    }
    value = (left << half) | right;
  } while (value >= size);
  return Number(value);
}

/** The commitment to a seed: SHA-256 of its UTF-8 bytes, lowercase hex. */
export function commitment(seed) {
  return createHash('sha256').update(seed, 'utf8').digest('hex');
}

function options(argv) {
  const found = {};
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--batch') {
      found.batch = true;
    } else if (argv[i].startsWith('--')) {
      found[argv[i].slice(2)] = argv[++i];
    }
  }
  return found;
}

async function main() {
  const opts = options(process.argv.slice(2));
  if (opts.batch) {
    const cases = JSON.parse(readFileSync(0, 'utf8'));
    process.stdout.write(JSON.stringify(cases.map(([index, n, seed]) => permute(index, n, seed))));
    return 0;
  }
  let { seed, commitment: seen } = opts;
  let earlyJoined = opts['early-joined'];
  if (opts.url && opts.event) {
    const response = await fetch(`${opts.url.replace(/\/$/, '')}/api/v1/events/${opts.event}/queue-fairness`);
    if (!response.ok) {
      console.error(`fairness record: HTTP ${response.status}`);
      return 2;
    }
    const record = await response.json();
    console.log(`algorithm:   ${record.algorithm}`);
    console.log(`commitment:  ${record.commitment}`);
    if (!record.opened) {
      console.log('The queue has not opened: note the commitment, and verify once it opens.');
      return 0;
    }
    seed = record.seed;
    earlyJoined = record.earlyJoined;
    seen = seen ?? record.commitment;
  }
  if (!seed || earlyJoined == null || opts['early-index'] == null) {
    console.error('usage: see the top of scripts/verify-queue-place.mjs');
    return 2;
  }
  let ok = true;
  console.log(`seed:        ${seed}`);
  console.log(`earlyJoined: ${earlyJoined}`);
  if (seen) {
    const matches = commitment(seed) === seen.toLowerCase();
    ok &&= matches;
    console.log(`sha256(seed) ${matches ? 'equals' : 'DOES NOT equal'} the commitment ${seen}`);
  }
  const number = 1 + permute(Number(opts['early-index']) - 1, Number(earlyJoined), seed);
  console.log(`early joiner #${opts['early-index']} has number ${number} in line`);
  if (opts.number != null) {
    const matches = Number(opts.number) === number;
    ok &&= matches;
    console.log(matches ? 'which is the number you were given' : `but you were given ${opts.number}`);
  }
  return ok ? 0 : 1;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then((code) => process.exit(code), (error) => {
    console.error(String(error));
    process.exit(2);
  });
}
