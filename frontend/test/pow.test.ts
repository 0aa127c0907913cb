import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { leadingZeroBits, solveChallenge } from '../src/powSolver';

// The same vectors ProofOfWorkTests checks against the server's ProofOfWork: a solution the
// page finds is one the server accepts, and the very first counter that works.
const vectors: { challenge: string; difficulty: number; solution: string; tried: number }[] = JSON.parse(
  readFileSync(new URL('./fixtures/pow-vectors.json', import.meta.url), 'utf8'),
);

const sha256 = (text: string) => new Uint8Array(createHash('sha256').update(text).digest());

describe('the proof-of-work solver', () => {
  it('finds the vectors the server finds, counting the hashes it tried', () => {
    expect(vectors.length).toBeGreaterThan(10);
    for (const v of vectors) {
      expect(solveChallenge(v.challenge, v.difficulty), v.challenge).toEqual({ solution: v.solution, tried: v.tried });
    }
  });

  it('answers the first base-36 counter whose hash has enough zero bits, as node:crypto computes it', () => {
    for (let run = 0; run < 40; run++) {
      // prefixes of every length around the 64-byte blocks: the cloned state must not matter
      const challenge = randomBytes(100).toString('hex').slice(0, 40 + run * 3);
      const difficulty = 6 + (run % 5);
      const { solution, tried } = solveChallenge(challenge, difficulty);
      expect(solution).toBe((tried - 1).toString(36));
      expect(leadingZeroBits(sha256(`${challenge}:${solution}`))).toBeGreaterThanOrEqual(difficulty);
      for (let i = 0; i < tried - 1; i++) {
        expect(leadingZeroBits(sha256(`${challenge}:${i.toString(36)}`))).toBeLessThan(difficulty);
      }
    }
  });

  it('reports progress every N hashes until it is stopped', () => {
    // 256 zero bits are never found: the progress callback ends the search
    const progress: number[] = [];
    const stop = (tried: number) => {
      progress.push(tried);
      if (tried >= 50_000) {
        throw new Error('stop');
      }
    };
    expect(() => solveChallenge('progress', 256, stop, 10_000)).toThrow('stop');
    expect(progress).toEqual([10_000, 20_000, 30_000, 40_000, 50_000]);
  });

  it('counts through the carries (z, 10, zz, 100, zzz, 1000) as the server does', () => {
    // the 16-bit vectors' solutions lie past 36^3: a skipped or repeated counter changes `tried`
    expect(vectors.some((v) => v.tried > 36 ** 3)).toBe(true);
  });

  it('needs nothing at difficulty 0 and counts leading zero bits across bytes', () => {
    expect(solveChallenge('anything', 0)).toEqual({ solution: '0', tried: 1 });
    expect(leadingZeroBits(new Uint8Array([0, 0, 0x10, 0xff]))).toBe(19);
    expect(leadingZeroBits(new Uint8Array([0x80]))).toBe(0);
    expect(leadingZeroBits(new Uint8Array(32))).toBe(256);
  });
});
