package dev.marquee.live;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;

import dev.marquee.waitlist.WaitlistEntry;

/**
 * {@code waiting} (with the position), then {@code offer} (the hold and when it lapses).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WaitlistMessage(Type type, WaitlistEntry.Status status, Long position, UUID holdId, List<String> seatIds,
		Instant expiresAt) {

	/** The {@code type} of a message, as it is written on the wire. */
	public enum Type {

		WAITING, OFFER;

		@JsonValue
		public String wire() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	static WaitlistMessage waiting(WaitlistEntry.Status status, Long position) {
		return new WaitlistMessage(Type.WAITING, status, position, null, null, null);
	}

	static WaitlistMessage offer(WaitlistEntry.Status status, UUID holdId, List<String> seatIds, Instant expiresAt) {
		return new WaitlistMessage(Type.OFFER, status, null, holdId, seatIds, expiresAt);
	}

}
