package dev.marquee.queue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The shuffle of early joiners: a keyed pseudo-random permutation of {@code 0..n-1} (a
 * four-round Feistel network over HMAC-SHA256, cycle-walked down to {@code n}). The seed
 * is fixed before the first early joiner and kept secret until the queue opens, its
 * commitment (SHA-256) public all along ({@link Fairness}); every node, every watcher and
 * every buyer works out any early joiner's place from the seed alone, without storing or
 * broadcasting the whole order. {@code scripts/verify-queue-place.mjs} and the queue page
 * compute the same permutation: change it only with a new algorithm version.
 */
final class EarlyShuffle {

	private static final int ROUNDS = 4;

	private EarlyShuffle() {
	}

	/**
	 * The place (0-based) of the {@code index}-th (0-based) of {@code n} early joiners.
	 */
	static long permute(long index, long n, String seed) {
		if (index < 0 || index >= n) {
			throw new IllegalArgumentException("index " + index + " outside 0.." + (n - 1));
		}
		if (n == 1) {
			return 0;
		}
		int bits = 64 - Long.numberOfLeadingZeros(n - 1);
		int half = (bits + 1) / 2;
		Mac mac = mac(seed);
		long value = index;
		do {
			// a permutation of 0..4^half-1 applied until it lands below n: still a
			// permutation of 0..n-1
			value = feistel(value, half, mac);
		}
		while (value >= n);
		return value;
	}

	private static long feistel(long value, int half, Mac mac) {
		long mask = (1L << half) - 1;
		long left = value >>> half;
		long right = value & mask;
		ByteBuffer input = ByteBuffer.allocate(9);
		for (int round = 0; round < ROUNDS; round++) {
			input.clear();
			input.put((byte) round).putLong(right);
			long f = ByteBuffer.wrap(mac.doFinal(input.array())).getLong();
			long next = left ^ (f & mask);
			left = right;
			right = next;
		}
		return (left << half) | right;
	}

	private static Mac mac(String seed) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(seed.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return mac;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

}
