package dev.marquee.outbox;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import io.r2dbc.postgresql.codec.Json;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Writes outbox rows, the only way into the {@code outbox} table: either as one step of
 * the caller's own statement ({@link Entry#step}, so the change and its row are one round
 * trip and atomic), or as a statement of its own inside the caller's running transaction
 * ({@link #append}). {@link OutboxRelay} sends the rows on.
 */
@Component
public class Outbox {

	private final DatabaseClient db;

	private final JsonMapper json;

	Outbox(DatabaseClient db, JsonMapper json) {
		this.db = db;
		this.json = json;
	}

	/** A row to write: {@code payload} is serialized to JSON now. */
	public Entry entry(String aggregateId, String type, Object payload, Instant at) {
		return new Entry(aggregateId, type, json.writeValueAsString(payload), at);
	}

	/** Writes the row; inside the caller's transaction when it runs in one. */
	public Mono<Void> append(Entry entry) {
		return entry.bind(db.sql("insert into outbox (aggregate_id, type, payload, created_at)"
				+ " values (:outboxAggregate, :outboxType, :outboxPayload, :outboxAt)"))
			.then();
	}

	/**
	 * Writes one row of {@code type} per row of {@code rows}, a query answering
	 * {@code aggregate_id} and {@code payload} (jsonb) with its parameters in
	 * {@code binds}: one statement, inside the caller's transaction when it runs in one.
	 * Answers how many rows it wrote.
	 */
	public Mono<Long> appendEach(String type, String rows, Map<String, Object> binds, Instant at) {
		GenericExecuteSpec spec = db
			.sql("insert into outbox (aggregate_id, type, payload, created_at)"
					+ " select r.aggregate_id, :outboxType, r.payload, :outboxAt from (" + rows + ") r")
			.bind("outboxType", type)
			.bind("outboxAt", at.atOffset(ZoneOffset.UTC));
		for (Map.Entry<String, Object> bind : binds.entrySet()) {
			spec = spec.bind(bind.getKey(), bind.getValue());
		}
		return spec.fetch().rowsUpdated();
	}

	/**
	 * One outbox row, ready to be written.
	 *
	 * @param aggregateId what the event is about (the Kafka key: one aggregate's events
	 * stay in order)
	 * @param type the event's name
	 * @param payload its JSON
	 * @param at when it happened
	 */
	public record Entry(String aggregateId, String type, String payload, Instant at) {

		/**
		 * The common table expression {@code name as (...)} that writes this row once per
		 * row of {@code source} (a CTE of the caller's statement; none if it has no
		 * rows). Its parameters are named {@code outbox*}; bind them with {@link #bind}.
		 */
		public static String step(String name, String source) {
			return name + " as (insert into outbox (aggregate_id, type, payload, created_at)"
					+ " select :outboxAggregate, :outboxType, :outboxPayload, :outboxAt from " + source + ")";
		}

		/**
		 * The common table expression {@code name as (...)} that writes each of several
		 * entries whose aggregate is the id of a row of {@code source} (a CTE of the
		 * caller's statement whose rows carry an {@code id}; an entry of an aggregate not
		 * among them is not written). Its parameters are named {@code outbox*}; bind them
		 * with {@link #bindEach}.
		 */
		public static String stepEach(String name, String source) {
			return name + """
					 as (
					  insert into outbox (aggregate_id, type, payload, created_at)
					  select e.aggregate_id, e.type, e.payload::jsonb, e.at
					  from unnest(:outboxAggregates::text[], :outboxTypes::text[], :outboxPayloads::text[],
					    :outboxAts::timestamptz[]) as e(aggregate_id, type, payload, at)
					  join %1$s s on s.id::text = e.aggregate_id
					)""".formatted(source);
		}

		/** Binds the parameters of {@link #stepEach} for {@code entries}. */
		public static GenericExecuteSpec bindEach(GenericExecuteSpec spec, List<Entry> entries) {
			return spec.bind("outboxAggregates", entries.stream().map(Entry::aggregateId).toArray(String[]::new))
				.bind("outboxTypes", entries.stream().map(Entry::type).toArray(String[]::new))
				.bind("outboxPayloads", entries.stream().map(Entry::payload).toArray(String[]::new))
				.bind("outboxAts",
						entries.stream()
							.map(entry -> entry.at().atOffset(ZoneOffset.UTC))
							.toArray(OffsetDateTime[]::new));
		}

		/** Binds the parameters of {@link #step} (or of {@link Outbox#append}). */
		public GenericExecuteSpec bind(GenericExecuteSpec spec) {
			return spec.bind("outboxAggregate", aggregateId)
				.bind("outboxType", type)
				.bind("outboxPayload", Json.of(payload))
				.bind("outboxAt", at.atOffset(ZoneOffset.UTC));
		}

	}

}
