import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { commitmentOf, permute, verifyPlace } from '../src/fairness';

// answered by the server's EarlyShuffle (ShuffleVerifierTests checks the file against it)
const vectors = JSON.parse(readFileSync(new URL('./fixtures/early-shuffle-vectors.json', import.meta.url), 'utf8')) as {
  index: number; n: number; seed: string; place: number; commitment: string;
}[];

describe('the queue page verifier', () => {
  it('computes the server shuffle for every vector', async () => {
    for (const v of vectors) {
      expect(await permute(v.index, v.n, v.seed)).toBe(v.place);
      expect(await commitmentOf(v.seed)).toBe(v.commitment);
    }
  });

  it('a place verifies against its commitment, a wrong number or seed does not', async () => {
    const v = vectors.find((x) => x.n === 30) ?? vectors.find((x) => x.n > 10)!;
    const ok = await verifyPlace(v.commitment, v.seed, v.n, v.index + 1, v.place + 1);
    expect(ok).toEqual({ commitmentMatches: true, expectedNumber: v.place + 1, numberMatches: true });
    const wrongNumber = await verifyPlace(v.commitment, v.seed, v.n, v.index + 1, ((v.place + 1) % v.n) + 1);
    expect(wrongNumber.numberMatches).toBe(false);
    const otherSeed = await verifyPlace(v.commitment, `${v.seed}0`, v.n, v.index + 1, v.place + 1);
    expect(otherSeed.commitmentMatches).toBe(false);
  });
});
