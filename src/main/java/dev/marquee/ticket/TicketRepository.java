package dev.marquee.ticket;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;

import io.r2dbc.spi.Readable;

import dev.marquee.outbox.Outbox;
import dev.marquee.shared.Money;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static dev.marquee.shared.Timestamps.utc;

/**
 * Tickets in PostgreSQL. Every change is one conditional statement, so concurrent scans
 * or transfers of one ticket cannot both succeed. Issuing and voiding run inside the
 * sale's own statements ({@link TicketIssue}, {@link TicketVoid}). A ticket's price is
 * stored without its currency, which is its order's: reads join {@code orders} for it
 * (the one place this module reads another module's table; storing the currency twice
 * would need a migration).
 */
@Repository
class TicketRepository {

	private static final String SELECT = """
			select t.id, t.order_id, t.event_id, t.seat_id, t.user_id, t.status, t.code_version, t.used_at,
			       t.price_minor, o.currency, t.created_at
			from ticket t join orders o on o.id = t.order_id""";

	private static final String[] LIVE = TicketStatus.names(TicketStatus.LIVE);

	private final DatabaseClient db;

	private final TransactionalOperator tx;

	private final Outbox outbox;

	TicketRepository(DatabaseClient db, TransactionalOperator tx, Outbox outbox) {
		this.db = db;
		this.tx = tx;
		this.outbox = outbox;
	}

	Flux<Ticket> ticketsOf(String userId) {
		return db.sql(SELECT + " where t.user_id = :user order by t.created_at desc, t.seat_id limit 2000")
			.bind("user", userId)
			.map(TicketRepository::ticket)
			.all();
	}

	Flux<Ticket> ofOrder(UUID orderId) {
		return db.sql(SELECT + " where t.order_id = :order order by t.seat_id")
			.bind("order", orderId)
			.map(TicketRepository::ticket)
			.all();
	}

	Mono<Ticket> find(UUID ticketId) {
		return db.sql(SELECT + " where t.id = :id").bind("id", ticketId).map(TicketRepository::ticket).one();
	}

	/**
	 * Marks the ticket used if it is valid and the code's version is current, and records
	 * the admission at the door ({@code door_scan}) in the same statement, so no ticket
	 * is ever used without its record; empty otherwise (also when the record would repeat
	 * a scan already recorded: then nothing changed).
	 */
	Mono<Ticket> admit(UUID ticketId, int version, Instant at, Admission admission) {
		var spec = db.sql("""
				with admitted as (
				    update ticket set status = :used, used_at = :at
				    where id = :id and code_version = :version and status = :valid
				    returning id, event_id)
				insert into door_scan (event_id, ticket_id, code_hash, gate, device_id, scanned_at, settled_at, outcome)
				select event_id, id, :hash, :gate, :device, :scanned, :at, 'ADMITTED' from admitted""")
			.bind("used", TicketStatus.USED.name())
			.bind("valid", TicketStatus.VALID.name())
			.bind("id", ticketId)
			.bind("version", version)
			.bind("at", utc(at))
			.bind("hash", admission.codeHash())
			.bind("scanned", utc(admission.scannedAt()));
		spec = admission.gate() == null ? spec.bindNull("gate", String.class) : spec.bind("gate", admission.gate());
		spec = admission.deviceId() == null ? spec.bindNull("device", String.class)
				: spec.bind("device", admission.deviceId());
		return spec.fetch()
			.rowsUpdated()
			.onErrorResume(DataIntegrityViolationException.class, ex -> Mono.just(0L))
			.flatMap(updated -> updated == 1 ? find(ticketId) : Mono.empty());
	}

	/**
	 * Who admitted a ticket: the code's hash, and the gate, device and time of the scan
	 * (the server's clock for a scan made online).
	 */
	record Admission(String codeHash, String gate, String deviceId, Instant scannedAt) {
	}

	/** The event's live tickets (valid or used), for the door list, by seat. */
	Flux<Ticket> liveOf(UUID eventId) {
		return db.sql(SELECT + " where t.event_id = :event and t.status = any(:live) order by t.seat_id")
			.bind("event", eventId)
			.bind("live", LIVE)
			.map(TicketRepository::ticket)
			.all();
	}

	/** How many live tickets an event has, and how many of them were used. */
	record Attendance(long tickets, long used) {
	}

	Mono<Attendance> attendance(UUID eventId) {
		return db
			.sql("select count(*) as live, count(*) filter (where status = :used) as used from ticket"
					+ " where event_id = :event and status = any(:live)")
			.bind("event", eventId)
			.bind("used", TicketStatus.USED.name())
			.bind("live", LIVE)
			.map(row -> new Attendance(row.get("live", Long.class), row.get("used", Long.class)))
			.one();
	}

	/**
	 * Hands a valid ticket of {@code from} to {@code to} with a new code version, writing
	 * the audit row and the outbox row in the same transaction; empty if it is not such a
	 * ticket.
	 */
	Mono<Ticket> transfer(UUID ticketId, String from, String to, Instant at) {
		return db
			.sql("update ticket set user_id = :to, code_version = code_version + 1 where id = :id"
					+ " and user_id = :from and status = :valid")
			.bind("id", ticketId)
			.bind("from", from)
			.bind("to", to)
			.bind("valid", TicketStatus.VALID.name())
			.fetch()
			.rowsUpdated()
			.flatMap(updated -> updated == 1 ? find(ticketId) : Mono.empty())
			.flatMap(ticket -> db
				.sql("insert into ticket_transfer (ticket_id, from_user_id, to_user_id, from_version,"
						+ " transferred_at) values (:id, :from, :to, :version, :at)")
				.bind("id", ticketId)
				.bind("from", from)
				.bind("to", to)
				.bind("version", ticket.codeVersion() - 1)
				.bind("at", utc(at))
				.then()
				.then(outbox.append(outbox.entry(ticket.orderId().toString(), "TicketTransferred",
						Map.of("ticketId", ticketId.toString(), "orderId", ticket.orderId().toString(), "eventId",
								ticket.eventId().toString(), "seatId", ticket.seatId(), "fromUserId", from, "toUserId",
								to, "transferredAt", at.toString()),
						at)))
				.thenReturn(ticket))
			.as(tx::transactional);
	}

	/** The event's live tickets: its sold seats and who holds each. */
	Flux<TicketLedger.SoldSeat> liveSeats(UUID eventId) {
		return db.sql("select seat_id, user_id from ticket where event_id = :event and status = any(:live)")
			.bind("event", eventId)
			.bind("live", LIVE)
			.map(row -> new TicketLedger.SoldSeat(row.get("seat_id", String.class), row.get("user_id", String.class)))
			.all();
	}

	/** Which of these seats have a live ticket. */
	Flux<String> soldAmong(UUID eventId, Collection<String> seatIds) {
		return db
			.sql("select seat_id from ticket where event_id = :event and seat_id = any(:seats) and status = any(:live)")
			.bind("event", eventId)
			.bind("seats", seatIds.toArray(String[]::new))
			.bind("live", LIVE)
			.map(row -> row.get("seat_id", String.class))
			.all();
	}

	/** Who holds (or last held) a ticket for each of these seats, live or not. */
	Flux<TicketLedger.SoldSeat> lastHolders(UUID eventId, Collection<String> seatIds) {
		return db.sql("""
				select distinct on (seat_id) seat_id, user_id from ticket
				where event_id = :event and seat_id = any(:seats) order by seat_id, created_at desc""")
			.bind("event", eventId)
			.bind("seats", seatIds.toArray(String[]::new))
			.map(row -> new TicketLedger.SoldSeat(row.get("seat_id", String.class), row.get("user_id", String.class)))
			.all();
	}

	private static Ticket ticket(Readable row) {
		return new Ticket(row.get("id", UUID.class), row.get("order_id", UUID.class), row.get("event_id", UUID.class),
				row.get("seat_id", String.class), row.get("user_id", String.class),
				TicketStatus.valueOf(row.get("status", String.class)), row.get("code_version", Integer.class),
				row.get("used_at", Instant.class),
				new Money(row.get("price_minor", Long.class), row.get("currency", String.class).strip()),
				row.get("created_at", Instant.class));
	}

}
