package dev.marquee.queue;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A seed for the early joiners' shuffle with its commitment: the seed is 128 random bits
 * as 32 lowercase hex characters (the shuffle's HMAC key is those characters' bytes), the
 * commitment the SHA-256 of the same bytes, in hex. The commitment is public from the
 * moment the seed is fixed; the seed only once the queue has opened.
 */
record ShuffleSeed(String seed, String commitment) {

	private static final SecureRandom RANDOM = new SecureRandom();

	static ShuffleSeed random() {
		byte[] bytes = new byte[16];
		RANDOM.nextBytes(bytes);
		String seed = HexFormat.of().formatHex(bytes);
		return new ShuffleSeed(seed, commitment(seed));
	}

	/** SHA-256 of the seed's characters, in lowercase hex. */
	static String commitment(String seed) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

}
