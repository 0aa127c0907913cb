package dev.marquee.queue;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import dev.marquee.catalog.EventId;
import dev.marquee.outbox.Outbox;
import dev.marquee.queue.QueueProblems.QueueTicketNotFound;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * "Email me when it's my turn": a buyer in a waiting room asks once; every few seconds
 * (on every node, rows claimed with {@code FOR UPDATE SKIP LOCKED}) the open reminders
 * are looked up, and a turn that came leaves a {@code QueueTurn} outbox row (the mail
 * module writes the letter) in the same transaction that settles the reminder, so each
 * reminder is told once. A turn that expired unseen, or a ticket that is gone, settles
 * the reminder with no row.
 */
@Service
public class QueueReminders {

	private static final Logger log = LoggerFactory.getLogger(QueueReminders.class);

	private static final int BATCH = 500;

	private final QueueManagement queue;

	private final DatabaseClient db;

	private final TransactionalOperator tx;

	private final Outbox outbox;

	private final Clock clock;

	QueueReminders(QueueManagement queue, DatabaseClient db, TransactionalOperator tx, Outbox outbox, Clock clock) {
		this.queue = queue;
		this.db = db;
		this.tx = tx;
		this.outbox = outbox;
		this.clock = clock;
	}

	/**
	 * Asks for an email when the ticket's turn comes; only its holder may ask, and asking
	 * again changes nothing. Answers where the ticket stands now (a turn already here is
	 * not emailed: the buyer is looking).
	 */
	public Mono<Standing> remind(EventId eventId, QueueTicketId ticketId, String userId) {
		return queue.standing(eventId, ticketId, userId)
			.flatMap(standing -> standing.status() != Standing.Status.WAITING ? Mono.just(standing)
					: db.sql("insert into queue_reminder (event_id, ticket_id, user_id, created_at)"
							+ " values (:event, :ticket, :user, :at) on conflict do nothing")
						.bind("event", eventId.value())
						.bind("ticket", ticketId.toString())
						.bind("user", userId)
						.bind("at", clock.instant().atOffset(ZoneOffset.UTC))
						.then()
						.thenReturn(standing));
	}

	@Scheduled(fixedDelayString = QueueProperties.REMINDER_INTERVAL,
			initialDelayString = QueueProperties.REMINDER_INTERVAL)
	Mono<Void> scheduledRound() {
		return Mono.defer(this::round).then().onErrorResume(ex -> {
			log.warn("Looking up waiting-room reminders failed ({}); the next round tries again", ex.toString());
			return Mono.empty();
		});
	}

	/** One round: answers how many reminders it settled. */
	public Mono<Integer> round() {
		return db
			.sql("select event_id, ticket_id, user_id from queue_reminder where settled_at is null"
					+ " order by created_at limit :batch for update skip locked")
			.bind("batch", BATCH)
			.map(row -> new Reminder(EventId.of(row.get("event_id", UUID.class)), row.get("ticket_id", String.class),
					row.get("user_id", String.class)))
			.all()
			.collectList()
			.flatMapMany(Flux::fromIterable)
			.concatMap(reminder -> settle(reminder).filter(Boolean::booleanValue)
				.flatMap(settled -> db
					.sql("update queue_reminder set settled_at = :at where event_id = :event and ticket_id = :ticket")
					.bind("at", clock.instant().atOffset(ZoneOffset.UTC))
					.bind("event", reminder.eventId().value())
					.bind("ticket", reminder.ticketId())
					.then()
					.thenReturn(1)))
			.reduce(0, Integer::sum)
			.as(tx::transactional);
	}

	private record Reminder(EventId eventId, String ticketId, String userId) {
	}

	/**
	 * Whether the reminder is done with: its turn came (its outbox row written), expired,
	 * or its ticket is gone.
	 */
	private Mono<Boolean> settle(Reminder reminder) {
		return queue.watch(reminder.eventId(), QueueTicketId.parse(reminder.ticketId()))
			.flatMap(watch -> switch (watch.standing().status()) {
				case WAITING -> Mono.just(false);
				case EXPIRED -> Mono.just(true);
				case ADMITTED -> {
					Map<String, Object> payload = new LinkedHashMap<>();
					payload.put("eventId", reminder.eventId().value().toString());
					payload.put("userId", reminder.userId());
					payload.put("queueTicket", reminder.ticketId());
					payload.put("admissionExpiresAt", String.valueOf(watch.standing().admissionExpiresAt()));
					yield outbox
						.append(outbox.entry("queue-" + reminder.ticketId(), "QueueTurn", payload, clock.instant()))
						.thenReturn(true);
				}
			})
			.onErrorResume(QueueTicketNotFound.class, ex -> Mono.just(true));
	}

}
