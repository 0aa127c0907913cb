// Solves a waiting-room proof of work off the page's thread (docs/FAIRNESS.md): the first
// counter (base 36) whose SHA-256(challenge ":" counter) starts with `difficulty` zero bits.
// Posts {tried} now and then, and {solution, tried} at the end.

function leadingZeroBits(hash: Uint8Array): number {
  let bits = 0;
  for (const byte of hash) {
    if (byte !== 0) {
      return bits + Math.clz32(byte) - 24;
    }
    bits += 8;
  }
  return bits;
}

const encoder = new TextEncoder();

self.onmessage = async (message: MessageEvent<{ challenge: string; difficulty: number }>) => {
  const { challenge, difficulty } = message.data;
  // hash in batches: one await per digest, many digests in flight
  const batch = 256;
  for (let start = 0; ; start += batch) {
    const candidates = Array.from({ length: batch }, (_, i) => (start + i).toString(36));
    const hashes = await Promise.all(
      candidates.map((c) => crypto.subtle.digest('SHA-256', encoder.encode(`${challenge}:${c}`))),
    );
    const found = hashes.findIndex((h) => leadingZeroBits(new Uint8Array(h)) >= difficulty);
    if (found >= 0) {
      self.postMessage({ solution: candidates[found], tried: start + found + 1 });
      return;
    }
    if ((start / batch) % 16 === 0) {
      self.postMessage({ tried: start + batch });
    }
  }
};
