// The waiting room's proof of work in the browser: asks the server for a challenge and solves
// it in a Web Worker (powWorker.ts), reporting progress. The same algorithm as the server's
// ProofOfWork: a mobile app solves it the same way.

/** A challenge as POST /queue-challenge answers it. */
export interface Challenge {
  challenge: string;
  difficulty: number;
  expiresAt: string;
}

/** Solves a challenge: resolves with the solution; `progress` gets the share of the expected work done. */
export function solve(challenge: Challenge, progress: (share: number) => void = () => {}): Promise<string> {
  if (challenge.difficulty <= 0) {
    return Promise.resolve('0');
  }
  const expected = 2 ** challenge.difficulty;
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./powWorker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (event: MessageEvent<{ solution?: string; tried: number }>) => {
      if (event.data.solution !== undefined) {
        worker.terminate();
        progress(1);
        resolve(event.data.solution);
      } else {
        // a geometric wait: show the expected share done, never quite full
        progress(Math.min(0.99, event.data.tried / expected));
      }
    };
    worker.onerror = (error) => {
      worker.terminate();
      reject(error);
    };
    worker.postMessage({ challenge: challenge.challenge, difficulty: challenge.difficulty });
  });
}

const DEVICE = 'marquee.device';

/** The id this browser keeps for itself: the waiting room limits joins per device. */
export function deviceId(): string {
  let id = localStorage.getItem(DEVICE);
  if (!id) {
    id = `web-${crypto.randomUUID()}`;
    localStorage.setItem(DEVICE, id);
  }
  return id;
}
