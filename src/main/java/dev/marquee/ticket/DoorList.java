package dev.marquee.ticket;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An event's door list: {@code payload} is the JSON text of {@link Payload},
 * {@code signature} the ECDSA P-256 / SHA-256 signature of its UTF-8 bytes (IEEE P1363,
 * base64url). The other fields repeat the payload's, for display; only the payload is
 * signed.
 */
public record DoorList(UUID eventId, Instant issuedAt, String keyId, int tickets, String payload, String signature) {

	/** What a door list signs. */
	record Payload(int version, UUID eventId, Instant issuedAt, String keyId, List<Entry> entries) {
	}

	/** A live ticket: the hash of its current code, its seat, and whether it was used. */
	record Entry(String codeHash, UUID ticketId, String seatId, boolean used, Instant usedAt) {
	}

}
