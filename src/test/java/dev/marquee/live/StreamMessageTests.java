package dev.marquee.live;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.marquee.catalog.EventId;
import dev.marquee.queue.QueueTicket;
import dev.marquee.queue.QueueTicketId;
import dev.marquee.queue.Standing;
import dev.marquee.waitlist.WaitlistEntry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The queue and waitlist streams' messages carry the {@code type} each stage of the story
 * has always had on the wire, and leave out what that stage does not know.
 */
class StreamMessageTests {

	final JsonMapper json = JsonMapper.builder().build();

	static final Instant AT = Instant.parse("2026-12-01T20:00:00Z");

	@Test
	void aQueueWatcherHearsPositionThenAdmittedOrExpired() {
		QueueTicket ticket = new QueueTicket(QueueTicketId.of(UUID.randomUUID()), EventId.of(UUID.randomUUID()),
				"buyer", false, 4, AT);
		var waiting = QueueMessage.of(new Standing(ticket, Standing.Status.WAITING, 3L, 10, 60, null, null, null));
		var admitted = QueueMessage.of(new Standing(ticket, Standing.Status.ADMITTED, null, 13, 0, null, "token", AT));
		var expired = QueueMessage.of(new Standing(ticket, Standing.Status.EXPIRED, null, 20, 0, null, null, AT));

		assertThat(json.writeValueAsString(waiting)).isEqualTo(
				"{\"type\":\"position\",\"status\":\"WAITING\",\"position\":3,\"nowServing\":10,\"estimatedWaitSeconds\":60}");
		assertThat(json.writeValueAsString(admitted)).isEqualTo("{\"type\":\"admitted\",\"status\":\"ADMITTED\","
				+ "\"nowServing\":13,\"admissionToken\":\"token\",\"admissionExpiresAt\":\"2026-12-01T20:00:00Z\"}");
		assertThat(json.writeValueAsString(expired)).isEqualTo("{\"type\":\"expired\",\"status\":\"EXPIRED\","
				+ "\"nowServing\":20,\"admissionExpiresAt\":\"2026-12-01T20:00:00Z\"}");
	}

	@Test
	void aWaiterHearsWaitingThenTheOffer() {
		UUID hold = UUID.fromString("00000000-0000-0000-0000-000000000001");
		var waiting = WaitlistMessage.waiting(WaitlistEntry.Status.WAITING, 2L);
		var offer = WaitlistMessage.offer(WaitlistEntry.Status.OFFERED, hold, List.of("A-1"), AT);

		assertThat(json.writeValueAsString(waiting))
			.isEqualTo("{\"type\":\"waiting\",\"status\":\"WAITING\",\"position\":2}");
		assertThat(json.writeValueAsString(offer)).isEqualTo("{\"type\":\"offer\",\"status\":\"OFFERED\",\"holdId\":\""
				+ hold + "\",\"seatIds\":[\"A-1\"],\"expiresAt\":\"2026-12-01T20:00:00Z\"}");
	}

}
