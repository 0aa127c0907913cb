package dev.marquee.catalog;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

import static dev.marquee.shared.Timestamps.utc;

/**
 * The event search in PostgreSQL: one statement per page, built from the search's
 * filters, on the search columns V14 keeps on the event row.
 */
@Repository
class EventSearchRepository {

	private final DatabaseClient db;

	EventSearchRepository(DatabaseClient db) {
		this.db = db;
	}

	/**
	 * One page of a search: the events' ids in order, and where the page ended (null on
	 * the last page). One statement, on the search columns V14 keeps on the event row.
	 */
	Mono<SearchPage> search(EventSearch search, boolean drafts, Instant now) {
		StringBuilder sql = new StringBuilder("select id, starts_at, name, min_price_minor");
		boolean words = !search.words().isEmpty();
		String rank = "ts_rank(search, to_tsquery('simple', :tsquery))";
		sql.append(words ? ", " + rank + " as rank" : ", 0::real as rank");
		sql.append(" from event e where not rehearsal");
		Map<String, Object> binds = new LinkedHashMap<>();
		if (!drafts) {
			sql.append(" and status <> 'DRAFT'");
		}
		if (words) {
			sql.append(" and search @@ to_tsquery('simple', :tsquery)");
			binds.put("tsquery", search.tsquery());
		}
		filter(sql, binds, "starts_at >= :from", "from", search.from() == null ? null : utc(search.from()));
		filter(sql, binds, "starts_at < :to", "to", search.to() == null ? null : utc(search.to()));
		filter(sql, binds, "marquee_fold(venue_city) = marquee_fold(:city)", "city", search.city());
		filter(sql, binds, "marquee_fold(category) = marquee_fold(:category)", "category", search.category());
		filter(sql, binds, "max_price_minor >= :minPrice", "minPrice", search.minPrice());
		filter(sql, binds, "min_price_minor <= :maxPrice", "maxPrice", search.maxPrice());
		if (search.available()) {
			// seats left: the venue's seats less the blocked ones less the live tickets
			// (counted on the ticket_live_seat index); seats held now still count as left
			sql.append(" and status = 'PUBLISHED' and starts_at > :now and seat_count - cardinality(blocked_seat_ids)"
					+ " > (select count(*) from ticket t where t.event_id = e.id and t.status in ('VALID', 'USED'))");
			binds.put("now", utc(now));
		}
		String key = switch (search.sort()) {
			case STARTS_AT -> "starts_at";
			case NAME -> "name";
			case PRICE -> "min_price_minor";
			case RELEVANCE -> rank;
		};
		// relevance runs from the best match down; the others up
		String direction = search.sort() == EventSearch.Sort.RELEVANCE ? "desc" : "asc";
		EventSearch.Cursor after = search.after();
		if (after != null) {
			sql.append(" and (")
				.append(key)
				.append(", id) ")
				.append(direction.equals("asc") ? ">" : "<")
				.append(" (:afterKey, :afterId)");
			binds.put("afterKey", switch (after.sort()) {
				case STARTS_AT -> utc(Instant.parse(after.key()));
				case NAME -> after.key();
				case PRICE -> Long.parseLong(after.key());
				case RELEVANCE -> Float.parseFloat(after.key());
			});
			binds.put("afterId", after.id());
		}
		sql.append(" order by ").append(key).append(' ').append(direction).append(", id ").append(direction);
		sql.append(" limit :limit");
		binds.put("limit", search.limit() + 1);
		var spec = db.sql(sql.toString());
		for (var bind : binds.entrySet()) {
			spec = spec.bind(bind.getKey(), bind.getValue());
		}
		return spec.map(row -> {
			UUID id = row.get("id", UUID.class);
			String sortKey = switch (search.sort()) {
				case STARTS_AT -> row.get("starts_at", OffsetDateTime.class).toInstant().toString();
				case NAME -> row.get("name", String.class);
				case PRICE -> String.valueOf(row.get("min_price_minor", Long.class));
				case RELEVANCE -> String.valueOf(row.get("rank", Float.class));
			};
			return new EventSearch.Cursor(search.sort(), sortKey, id);
		}).all().collectList().map(rows -> {
			boolean more = rows.size() > search.limit();
			List<EventSearch.Cursor> page = more ? rows.subList(0, search.limit()) : rows;
			return new SearchPage(page.stream().map(cursor -> EventId.of(cursor.id())).toList(),
					more ? page.get(page.size() - 1) : null);
		});
	}

	/** Adds {@code condition} and its bind when the search sets {@code value}. */
	private static void filter(StringBuilder sql, Map<String, Object> binds, String condition, String name,
			Object value) {
		if (value != null) {
			sql.append(" and ").append(condition);
			binds.put(name, value);
		}
	}

	/**
	 * Tells the planner, for the rest of the caller's transaction, that reading a page
	 * here or there costs little more than reading them in order (the event table and its
	 * indexes are small and stay in memory): without it, a word many events match is
	 * searched by reading the whole table rather than the GIN index, ten times slower
	 * (docs/BENCHMARKS.md, event search).
	 */
	Mono<Void> preferIndexScans() {
		return db.sql("set local random_page_cost = 1.1").then();
	}

}
