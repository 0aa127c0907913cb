package dev.marquee.ticket;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;

import dev.marquee.shared.Money;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Tickets in PostgreSQL. Every change is one conditional statement, so concurrent scans or
 * transfers of one ticket cannot both succeed.
 */
@Repository
class TicketRepository {

	private static final String SELECT = """
			select t.id, t.order_id, t.event_id, t.seat_id, t.user_id, t.status, t.code_version, t.used_at,
			       t.price_minor, o.currency, t.created_at
			from ticket t join orders o on o.id = t.order_id""";

	private final DatabaseClient db;

	private final TransactionalOperator tx;

	private final JsonMapper json;

	TicketRepository(DatabaseClient db, TransactionalOperator tx, JsonMapper json) {
		this.db = db;
		this.tx = tx;
		this.json = json;
	}

	Flux<Ticket> ticketsOf(String userId) {
		return db.sql(SELECT + " where t.user_id = :user order by t.created_at desc, t.seat_id limit 2000")
			.bind("user", userId)
			.map(TicketRepository::ticket)
			.all();
	}

	Mono<Ticket> find(UUID ticketId) {
		return db.sql(SELECT + " where t.id = :id").bind("id", ticketId).map(TicketRepository::ticket).one();
	}

	/** Marks the ticket used if it is valid and the code's version is current; empty otherwise. */
	Mono<Ticket> admit(UUID ticketId, int version, Instant at) {
		return db.sql("update ticket set status = 'USED', used_at = :at where id = :id and code_version = :version"
				+ " and status = 'VALID'")
			.bind("id", ticketId)
			.bind("version", version)
			.bind("at", utc(at))
			.fetch()
			.rowsUpdated()
			.flatMap(updated -> updated == 1 ? find(ticketId) : Mono.empty());
	}

	/**
	 * Hands a valid ticket of {@code from} to {@code to} with a new code version, writing the audit
	 * row and the outbox row in the same transaction; empty if it is not such a ticket.
	 */
	Mono<Ticket> transfer(UUID ticketId, String from, String to, Instant at) {
		return db.sql("update ticket set user_id = :to, code_version = code_version + 1 where id = :id"
				+ " and user_id = :from and status = 'VALID'")
			.bind("id", ticketId)
			.bind("from", from)
			.bind("to", to)
			.fetch()
			.rowsUpdated()
			.flatMap(updated -> updated == 1 ? find(ticketId) : Mono.empty())
			.flatMap(ticket -> db.sql("insert into ticket_transfer (ticket_id, from_user_id, to_user_id, from_version,"
					+ " transferred_at) values (:id, :from, :to, :version, :at)")
				.bind("id", ticketId)
				.bind("from", from)
				.bind("to", to)
				.bind("version", ticket.codeVersion() - 1)
				.bind("at", utc(at))
				.then()
				.then(db.sql("insert into outbox (aggregate_id, type, payload, created_at) values (:id, 'TicketTransferred',"
						+ " :payload, :at)")
					.bind("id", ticket.orderId().toString())
					.bind("payload", Json.of(json.writeValueAsString(Map.of("ticketId", ticketId.toString(), "orderId",
							ticket.orderId().toString(), "eventId", ticket.eventId().toString(), "seatId", ticket.seatId(),
							"fromUserId", from, "toUserId", to, "transferredAt", at.toString()))))
					.bind("at", utc(at))
					.then())
				.thenReturn(ticket))
			.as(tx::transactional);
	}

	private static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

	private static Ticket ticket(Readable row) {
		return new Ticket(row.get("id", UUID.class), row.get("order_id", UUID.class), row.get("event_id", UUID.class),
				row.get("seat_id", String.class), row.get("user_id", String.class), row.get("status", String.class),
				row.get("code_version", Integer.class), row.get("used_at", Instant.class),
				new Money(row.get("price_minor", Long.class), row.get("currency", String.class).strip()),
				row.get("created_at", Instant.class));
	}

}
