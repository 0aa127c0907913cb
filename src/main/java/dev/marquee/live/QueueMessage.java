package dev.marquee.live;

import java.time.Instant;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;

import dev.marquee.queue.Standing;

/**
 * A message to a queue watcher: {@code position} (with {@code nowServing} and
 * {@code estimatedWaitSeconds}; no position yet and {@code opensAt} before the queue
 * opens), then {@code admitted} with the admission token, or {@code expired}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QueueMessage(Type type, Standing.Status status, Long position, Long nowServing, Long estimatedWaitSeconds,
		Instant opensAt, String admissionToken, Instant admissionExpiresAt) {

	/** The {@code type} of a message, as it is written on the wire. */
	public enum Type {

		POSITION, ADMITTED, EXPIRED;

		@JsonValue
		public String wire() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	static QueueMessage of(Standing standing) {
		return switch (standing.status()) {
			case WAITING -> new QueueMessage(Type.POSITION, standing.status(), standing.position(),
					standing.nowServing(), standing.estimatedWaitSeconds(), standing.opensAt(), null, null);
			case ADMITTED -> new QueueMessage(Type.ADMITTED, standing.status(), null, standing.nowServing(), null, null,
					standing.admissionToken(), standing.admissionExpiresAt());
			case EXPIRED -> new QueueMessage(Type.EXPIRED, standing.status(), null, standing.nowServing(), null, null,
					null, standing.admissionExpiresAt());
		};
	}

}
