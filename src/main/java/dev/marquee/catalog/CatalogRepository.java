package dev.marquee.catalog;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static dev.marquee.shared.Timestamps.utc;

/**
 * Venues and events in PostgreSQL.
 */
@Repository
class CatalogRepository {

	private static final TypeReference<List<VenueLayout.Section>> LAYOUT = new TypeReference<>() {
	};

	private static final TypeReference<Map<String, Long>> PRICES = new TypeReference<>() {
	};

	private final DatabaseClient db;

	private final JsonMapper json;

	CatalogRepository(DatabaseClient db, JsonMapper json) {
		this.db = db;
		this.json = json;
	}

	Mono<Venue> insert(Venue venue) {
		return db
			.sql("insert into venue (id, name, city, layout, stage, created_at) "
					+ "values (:id, :name, :city, :layout, :stage, :at)")
			.bind("id", venue.id())
			.bind("name", venue.name())
			.bind("city", venue.city())
			.bind("layout", Json.of(json.writeValueAsString(venue.layout().sections())))
			.bind("stage", Json.of(json.writeValueAsString(venue.layout().stage())))
			.bind("at", utc(venue.createdAt()))
			.then()
			.thenReturn(venue);
	}

	/** The venue, and whether an event is on it (then its layout never changes). */
	Mono<Found> findVenue(UUID id) {
		return db.sql("select id, name, city, layout, stage, created_at, in_use from venue where id = :id")
			.bind("id", id)
			.map(row -> new Found(venue(row), Boolean.TRUE.equals(row.get("in_use", Boolean.class))))
			.one();
	}

	/**
	 * Every venue but those of rehearsals, newest first, each with its seat count (the
	 * rows' seats, summed in the database: a stadium's layout is never read for a list).
	 */
	Flux<VenueSummary> findVenues() {
		return db.sql("""
				select v.id, v.name, v.city, v.in_use, v.created_at,
				  (select coalesce(sum((r ->> 'seats')::int), 0)
				     from jsonb_array_elements(v.layout) s, jsonb_array_elements(s -> 'rows') r) as seats
				from venue v
				where not exists (select 1 from event e where e.venue_id = v.id and e.rehearsal)
				order by v.created_at desc, v.id""")
			.map(row -> new VenueSummary(row.get("id", UUID.class), row.get("name", String.class),
					row.get("city", String.class), row.get("seats", Long.class).intValue(),
					Boolean.TRUE.equals(row.get("in_use", Boolean.class)),
					row.get("created_at", OffsetDateTime.class).toInstant()))
			.all();
	}

	/** A venue as read, with its in-use flag. */
	record Found(Venue venue, boolean inUse) {
	}

	/**
	 * Marks the venue in use and reads it, in the caller's transaction: the row stays
	 * locked until it ends, so no edit lands between reading the layout and storing the
	 * event on it. Empty when there is no such venue.
	 */
	Mono<Venue> claimVenue(UUID id) {
		return db
			.sql("update venue set in_use = true where id = :id "
					+ "returning id, name, city, layout, stage, created_at")
			.bind("id", id)
			.map(this::venue)
			.one();
	}

	/**
	 * Replaces a venue's name, city and layout unless an event is on it; answers whether
	 * it did.
	 */
	Mono<Boolean> replace(Venue venue) {
		return db
			.sql("update venue set name = :name, city = :city, layout = :layout, stage = :stage "
					+ "where id = :id and not in_use")
			.bind("id", venue.id())
			.bind("name", venue.name())
			.bind("city", venue.city())
			.bind("layout", Json.of(json.writeValueAsString(venue.layout().sections())))
			.bind("stage", Json.of(json.writeValueAsString(venue.layout().stage())))
			.fetch()
			.rowsUpdated()
			.map(updated -> updated > 0);
	}

	/** Stores the event; a rehearsal is left out of every list of events. */
	Mono<Event> insert(Event event, boolean rehearsal) {
		var spec = db.sql("""
				insert into event (id, venue_id, name, starts_at, on_sale_at, hold_ttl_seconds, max_tickets_per_user,
				  currency, prices, blocked_seat_ids, queue_enabled, admit_per_minute, refund_cutoff_hours, created_at,
				  rehearsal, status, updated_at, performer, category)
				values (:id, :venueId, :name, :startsAt, :onSaleAt, :ttl, :max, :currency, :prices, :blocked,
				  :queueEnabled, :admit, :refundCutoff, :at, :rehearsal, :status, :at, :performer, :category)""")
			.bind("id", event.id().value())
			.bind("venueId", event.venueId())
			.bind("name", event.name())
			.bind("startsAt", utc(event.startsAt()))
			.bind("onSaleAt", utc(event.onSaleAt()))
			.bind("ttl", event.holdTtlSeconds())
			.bind("max", event.maxTicketsPerUser())
			.bind("currency", event.currency())
			.bind("prices", Json.of(json.writeValueAsString(event.pricesMinor())))
			.bind("blocked", event.blockedSeatIds().toArray(String[]::new))
			.bind("queueEnabled", event.queueEnabled())
			.bind("refundCutoff", event.refundCutoffHours())
			.bind("at", utc(event.createdAt()))
			.bind("rehearsal", rehearsal)
			.bind("status", event.status().name())
			.bind("performer", event.performer() == null ? "" : event.performer())
			.bind("category", event.category() == null ? "" : event.category());
		spec = event.admitPerMinute() == null ? spec.bindNull("admit", Integer.class)
				: spec.bind("admit", event.admitPerMinute());
		return spec.then().thenReturn(event);
	}

	Mono<Event> findEvent(EventId id) {
		return db.sql("select * from event where id = :id").bind("id", id.value()).map(this::event).one();
	}

	/** The event as stored, with when it last changed (the version a cache holds). */
	Mono<Versioned> findVersionedEvent(EventId id) {
		return db.sql("select * from event where id = :id")
			.bind("id", id.value())
			.map(row -> new Versioned(event(row), row.get("updated_at", OffsetDateTime.class).toInstant()))
			.one();
	}

	/** An event and when it last changed. */
	record Versioned(Event event, Instant updatedAt) {
	}

	/**
	 * Changes an event in one statement, only while it is in one of {@code from}; answers
	 * the event as it is now, or empty if it was in no such state. {@code set} is the SQL
	 * of the {@code SET} list (without {@code updated_at}), its values bound by
	 * {@code binds}.
	 */
	Mono<Event> change(EventId id, List<EventStatus> from, String set, UnaryOperator<GenericExecuteSpec> binds,
			Instant at) {
		var spec = db
			.sql("update event set " + set + ", updated_at = :updatedAt"
					+ " where id = :id and status = any(:from) and not rehearsal returning *")
			.bind("id", id.value())
			.bind("from", from.stream().map(Enum::name).toArray(String[]::new))
			.bind("updatedAt", utc(at));
		return binds.apply(spec).map(this::event).one();
	}

	/** The events changed after {@code since}, with the latest change. */
	Flux<Changed> changedSince(Instant since) {
		return db.sql("select id, updated_at from event where updated_at > :since")
			.bind("since", utc(since))
			.map(row -> new Changed(EventId.of(row.get("id", UUID.class)),
					row.get("updated_at", OffsetDateTime.class).toInstant()))
			.all();
	}

	/** An event that changed, and when. */
	record Changed(EventId id, Instant at) {
	}

	/** Cancelled events (whose orders are to be refunded). */
	Flux<EventId> findCancelled() {
		return db.sql("select id from event where status = 'CANCELLED'")
			.map(row -> EventId.of(row.get("id", UUID.class)))
			.all();
	}

	Flux<Event> findEvents() {
		return db.sql("select * from event where not rehearsal order by starts_at, id").map(this::event).all();
	}

	Flux<UUID> findEventIdsStartingAfter(Instant since) {
		return db.sql("select id from event where starts_at > :since and not rehearsal")
			.bind("since", utc(since))
			.map(row -> row.get("id", UUID.class))
			.all();
	}

	/**
	 * Deletes a rehearsal event, and its venue when no other event is on it; a real event
	 * is never touched. Answers whether there was such a rehearsal.
	 */
	Mono<Boolean> deleteRehearsal(EventId id) {
		return db.sql("""
				with gone as (delete from event where id = :id and rehearsal returning venue_id),
				  venue_gone as (delete from venue v using gone where v.id = gone.venue_id
				    and not exists (select 1 from event e where e.venue_id = v.id and e.id <> :id))
				select count(*) as events from gone""")
			.bind("id", id.value())
			.map(row -> row.get("events", Long.class))
			.one()
			.map(events -> events > 0);
	}

	/**
	 * The rehearsal events created before {@code before}: ones their node left behind.
	 */
	Flux<EventId> findRehearsalsCreatedBefore(Instant before) {
		return db.sql("select id from event where rehearsal and created_at < :before")
			.bind("before", utc(before))
			.map(row -> EventId.of(row.get("id", UUID.class)))
			.all();
	}

	private Venue venue(Readable row) {
		List<VenueLayout.Section> sections = json.readValue(row.get("layout", Json.class).asString(), LAYOUT);
		Json stage = row.get("stage", Json.class);
		return new Venue(row.get("id", UUID.class), row.get("name", String.class), row.get("city", String.class),
				new VenueLayout(sections,
						stage == null ? null : json.readValue(stage.asString(), VenueLayout.Stage.class)),
				row.get("created_at", OffsetDateTime.class).toInstant());
	}

	private Event event(Readable row) {
		Map<String, Long> prices = new LinkedHashMap<>(
				json.readValue(row.get("prices", Json.class).asString(), PRICES));
		String[] blocked = row.get("blocked_seat_ids", String[].class);
		return new Event(EventId.of(row.get("id", UUID.class)), row.get("venue_id", UUID.class),
				row.get("name", String.class), row.get("starts_at", OffsetDateTime.class).toInstant(),
				row.get("on_sale_at", OffsetDateTime.class).toInstant(), row.get("hold_ttl_seconds", Integer.class),
				row.get("max_tickets_per_user", Integer.class), row.get("currency", String.class).trim(), prices,
				new LinkedHashSet<>(List.of(blocked == null ? new String[0] : blocked)),
				Boolean.TRUE.equals(row.get("queue_enabled", Boolean.class)),
				row.get("admit_per_minute", Integer.class), row.get("refund_cutoff_hours", Integer.class),
				row.get("created_at", OffsetDateTime.class).toInstant(),
				EventStatus.valueOf(row.get("status", String.class)), row.get("performer", String.class),
				row.get("category", String.class));
	}

}
