package dev.marquee.queue;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.marquee.catalog.EventId;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Hashcash for the waiting room's door: a stateless challenge
 * {@code v1.<eventId>.<difficulty>.<expiresAtMs>.<nonce>.<mac>}, HMAC-signed for the user
 * it was issued to, is solved by finding a {@code solution} (1-32 letters or digits) with
 * at least {@code difficulty} leading zero bits in
 * {@code SHA-256(challenge ":" solution)}. Checking a solution costs one HMAC and one
 * hash; finding one costs 2^difficulty hashes on average. Whether the proof is needed and
 * hard enough, and that a challenge is used once, is the join script's to enforce: the
 * event's difficulty can change at any moment.
 */
@Component
class ProofOfWork {

	static final String ALGORITHM = "marquee-pow-v1: find solution ([0-9A-Za-z]{1,32}) with at least difficulty "
			+ "leading zero bits in SHA-256(challenge + \":\" + solution)";

	private static final Pattern FORMAT = Pattern
		.compile("v1\\.([0-9a-f-]{36})\\.(\\d{1,2})\\.(\\d{1,15})\\.([0-9a-f]{32})\\.([0-9a-f]{64})");

	private static final Pattern SOLUTION = Pattern.compile("[0-9A-Za-z]{1,32}");

	private static final SecureRandom RANDOM = new SecureRandom();

	private final byte[] key;

	ProofOfWork(QueueProperties properties, @Value("${marquee.security.jwt-secret:}") String jwtSecret) {
		String material = properties.admissionSecret().isEmpty() ? jwtSecret : properties.admissionSecret();
		if (material.isEmpty()) {
			throw new IllegalStateException("Set marquee.queue.admission-secret or marquee.security.jwt-secret");
		}
		// a key of its own: a challenge's MAC can never pass for an admission token's
		this.key = hmac(material.getBytes(StandardCharsets.UTF_8), "marquee queue challenges v1");
	}

	/** A challenge issued to a user, and what the client needs to solve it. */
	record Challenge(String challenge, int difficulty, Instant expiresAt) {
	}

	/**
	 * What a join's proof amounts to, for the join script to judge against the event's
	 * difficulty of the moment: {@code none} sent, {@code invalid} (not ours, another
	 * event's or user's, or a wrong solution), {@code expired}, or {@code ok} with the
	 * challenge's difficulty, its nonce (used once) and how long it had left.
	 */
	record Proof(String outcome, int difficulty, String nonce, long remainingMillis) {

		static final Proof NONE = new Proof("none", 0, "-", 0);

		static Proof failed(String outcome) {
			return new Proof(outcome, 0, "-", 0);
		}

	}

	Challenge issue(EventId eventId, String userId, int difficulty, Instant expiresAt) {
		byte[] nonce = new byte[16];
		RANDOM.nextBytes(nonce);
		String body = "v1." + eventId + "." + difficulty + "." + expiresAt.toEpochMilli() + "."
				+ HexFormat.of().formatHex(nonce);
		return new Challenge(body + "." + mac(body, userId), difficulty, expiresAt);
	}

	/** Checks a challenge and its solution as far as can be done without Redis. */
	Proof check(EventId eventId, String userId, String challenge, String solution, Instant now) {
		if (challenge == null || challenge.isEmpty() || solution == null || solution.isEmpty()) {
			return Proof.NONE;
		}
		Matcher m = FORMAT.matcher(challenge);
		if (!m.matches() || !SOLUTION.matcher(solution).matches() || !m.group(1).equals(eventId.toString())) {
			return Proof.failed("invalid");
		}
		String body = challenge.substring(0, challenge.lastIndexOf('.'));
		if (!MessageDigest.isEqual(mac(body, userId).getBytes(StandardCharsets.US_ASCII),
				m.group(5).getBytes(StandardCharsets.US_ASCII))) {
			return Proof.failed("invalid");
		}
		long remaining = Long.parseLong(m.group(3)) - now.toEpochMilli();
		if (remaining <= 0) {
			return Proof.failed("expired");
		}
		int difficulty = Integer.parseInt(m.group(2));
		if (leadingZeroBits(sha256(challenge + ":" + solution)) < difficulty) {
			return Proof.failed("invalid");
		}
		return new Proof("ok", difficulty, m.group(4), remaining);
	}

	/** A solution by brute force: for tests and tools, never on a server thread. */
	static String solve(String challenge, int difficulty) {
		for (long i = 0;; i++) {
			String candidate = Long.toString(i, 36);
			if (leadingZeroBits(sha256(challenge + ":" + candidate)) >= difficulty) {
				return candidate;
			}
		}
	}

	static int leadingZeroBits(byte[] hash) {
		int bits = 0;
		for (byte b : hash) {
			if (b != 0) {
				return bits + Integer.numberOfLeadingZeros(b & 0xff) - 24;
			}
			bits += 8;
		}
		return bits;
	}

	private String mac(String body, String userId) {
		return HexFormat.of().formatHex(hmac(this.key, body + "|" + userId));
	}

	static byte[] sha256(String text) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

	private static byte[] hmac(byte[] key, String text) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

}
