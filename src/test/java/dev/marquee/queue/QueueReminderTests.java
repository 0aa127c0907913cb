package dev.marquee.queue;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Email me when it's my turn": a buyer who asks is announced once (a QueueTurn outbox
 * row, which the mail module turns into a letter) when the turn comes, not before; only
 * the ticket's holder may ask, and a turn already here needs no email.
 */
class QueueReminderTests extends WaitingRoomTest {

	@Autowired
	QueueReminders reminders;

	private Map<String, Object> remind(UUID event, String token, Object ticket) {
		return http().post()
			.uri("/api/v1/events/{id}/queue/{ticket}/reminder", event, ticket)
			.headers(h -> h.setBearerAuth(token))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
	}

	private long turns(String ticket) {
		return db.sql("select count(*) from outbox where type = 'QueueTurn' and aggregate_id = :a")
			.bind("a", "queue-" + ticket)
			.map(row -> row.get(0, Long.class))
			.one()
			.block();
	}

	@Test
	void aBuyerWhoAskedIsAnnouncedOnceWhenTheTurnComesAndNotBefore() {
		UUID event = queuedEvent(60, Duration.ofMinutes(-1));
		tick();
		join(event, buyer());
		join(event, buyer());
		String waiter = buyer();
		String ticket = (String) join(event, waiter).get("queueTicket");

		assertThat(remind(event, waiter, ticket)).containsEntry("reminding", true);
		assertThat(remind(event, waiter, ticket)).as("asking again changes nothing").containsEntry("reminding", true);
		http().post()
			.uri("/api/v1/events/{id}/queue/{ticket}/reminder", event, ticket)
			.headers(h -> h.setBearerAuth(buyer()))
			.exchange()
			.expectStatus()
			.isNotFound();
		reminders.round().block();
		assertThat(turns(ticket)).as("not before the turn").isZero();

		clock.advance(Duration.ofSeconds(5));
		tick();
		assertThat(standing(event, waiter, ticket)).containsEntry("status", "ADMITTED");
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
			reminders.round().block();
			return turns(ticket) == 1;
		});
		reminders.round().block();
		assertThat(turns(ticket)).as("once").isOne();
		String payload = db.sql("select payload::text from outbox where aggregate_id = :a")
			.bind("a", "queue-" + ticket)
			.map(row -> row.get(0, String.class))
			.one()
			.block();
		assertThat(payload).contains("\"queueTicket\": \"" + ticket + "\"", "admissionExpiresAt");

		// a turn already here: the buyer is looking, no email
		assertThat(remind(event, waiter, ticket)).containsEntry("reminding", false);
		reminders.round().block();
		assertThat(turns(ticket)).isOne();
	}

}
