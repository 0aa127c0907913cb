// Solves a waiting-room proof of work off the page's thread (docs/FAIRNESS.md) with the
// synchronous solver of powSolver.ts (@noble/hashes' SHA-256: no promise per hash, unlike
// WebCrypto's digest, which made the browser many times slower: docs/BENCHMARKS.md). Posts {tried} every 2^16
// hashes and {solution, tried} at the end; the page terminates it when it is no longer needed.
import { solveChallenge } from './powSolver';

self.onmessage = (message: MessageEvent<{ challenge: string; difficulty: number }>) => {
  const { challenge, difficulty } = message.data;
  const solved = solveChallenge(challenge, difficulty, (tried) => self.postMessage({ tried }));
  self.postMessage(solved);
};
