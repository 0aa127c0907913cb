package dev.marquee.ticket;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The code a ticket's QR carries:
 * {@code MQT1.<ticket id and code version>.<HMAC-SHA256>}, short enough for a small QR.
 * Only the server can make one; the version lets a transfer re-issue the code so a copy
 * of the old one (a screenshot sold on) no longer gets in.
 */
@Component
class TicketCodes {

	private static final String PREFIX = "MQT1";

	private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

	private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

	private final byte[] key;

	TicketCodes(TicketProperties properties, @Value("${marquee.security.jwt-secret:}") String jwtSecret) {
		if (!properties.codeSecret().isEmpty()) {
			this.key = properties.codeSecret().getBytes(StandardCharsets.UTF_8);
		}
		else if (!jwtSecret.isEmpty()) {
			this.key = hmac(jwtSecret.getBytes(StandardCharsets.UTF_8),
					"marquee ticket codes v1".getBytes(StandardCharsets.UTF_8));
		}
		else {
			throw new IllegalStateException("Set marquee.ticket.code-secret or marquee.security.jwt-secret");
		}
	}

	/** A ticket's identity as its code names it. */
	record Claim(UUID ticketId, int version) {
	}

	String code(UUID ticketId, int version) {
		byte[] payload = payload(ticketId, version);
		return PREFIX + "." + ENCODER.encodeToString(payload) + "." + ENCODER.encodeToString(signature(payload));
	}

	/**
	 * The ticket and version a genuine code names; empty for anything Marquee did not
	 * sign.
	 */
	Optional<Claim> verify(String code) {
		if (code == null) {
			return Optional.empty();
		}
		String[] parts = code.strip().split("\\.");
		if (parts.length != 3 || !PREFIX.equals(parts[0])) {
			return Optional.empty();
		}
		try {
			byte[] payload = DECODER.decode(parts[1]);
			byte[] signature = DECODER.decode(parts[2]);
			if (payload.length != 20 || !MessageDigest.isEqual(signature, signature(payload))) {
				return Optional.empty();
			}
			ByteBuffer buffer = ByteBuffer.wrap(payload);
			return Optional.of(new Claim(new UUID(buffer.getLong(), buffer.getLong()), buffer.getInt()));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

	/**
	 * What the door lists carry instead of a code: the SHA-256 of its text (without
	 * surrounding white space), base64url without padding.
	 */
	static String hash(String code) {
		try {
			return ENCODER.encodeToString(
					MessageDigest.getInstance("SHA-256").digest(code.strip().getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

	/**
	 * A key of its own for another use of the codes' secret ({@code purpose} names it):
	 * knowing it tells nothing of the codes' key.
	 */
	byte[] derive(String purpose) {
		return hmac(key, purpose.getBytes(StandardCharsets.UTF_8));
	}

	private static byte[] payload(UUID ticketId, int version) {
		return ByteBuffer.allocate(20)
			.putLong(ticketId.getMostSignificantBits())
			.putLong(ticketId.getLeastSignificantBits())
			.putInt(version)
			.array();
	}

	private byte[] signature(byte[] payload) {
		byte[] full = hmac(key, payload);
		byte[] truncated = new byte[16];
		System.arraycopy(full, 0, truncated, 0, 16);
		return truncated;
	}

	private static byte[] hmac(byte[] key, byte[] data) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			return mac.doFinal(data);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

}
