package dev.marquee.sale;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import io.r2dbc.spi.Readable;

import dev.marquee.shared.Money;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static dev.marquee.shared.Timestamps.utc;

/**
 * Resale listings, each event's resale settings, and sellers' payouts in PostgreSQL.
 * Every change of a listing is conditional on it being OPEN, so a sale, a withdrawal and
 * an end cannot both happen; the sale's own statements run in
 * {@link OrderRepository#saveResale}'s transaction.
 */
@Repository
class ResaleRepository {

	private static final String SELECT = """
			select l.*, o.currency, p.status as payout_status
			from resale_listing l join ticket t on t.id = l.ticket_id join orders o on o.id = t.order_id
			left join resale_payout p on p.listing_id = l.id""";

	private final DatabaseClient db;

	ResaleRepository(DatabaseClient db) {
		this.db = db;
	}

	/** An event's resale settings (no row: allowed, at up to 100 % of the price). */
	record Settings(boolean allowed, int capPercent) {

		static final Settings DEFAULT = new Settings(true, 100);

		/** The most a ticket of this price may be listed at. */
		long capOf(long faceMinor) {
			return faceMinor * capPercent / 100;
		}

	}

	Mono<Settings> settings(UUID eventId) {
		return db.sql("select allowed, cap_percent from event_resale where event_id = :event")
			.bind("event", eventId)
			.map(row -> new Settings(Boolean.TRUE.equals(row.get("allowed", Boolean.class)),
					row.get("cap_percent", Integer.class)))
			.one()
			.defaultIfEmpty(Settings.DEFAULT);
	}

	Mono<Void> saveSettings(UUID eventId, Settings settings) {
		return db.sql("""
				insert into event_resale (event_id, allowed, cap_percent) values (:event, :allowed, :cap)
				on conflict (event_id) do update set allowed = excluded.allowed, cap_percent = excluded.cap_percent""")
			.bind("event", eventId)
			.bind("allowed", settings.allowed())
			.bind("cap", settings.capPercent())
			.then();
	}

	/** Writes an OPEN listing; false if the ticket (or its seat) is listed already. */
	Mono<Boolean> insert(ResaleListing listing) {
		return db.sql("""
				insert into resale_listing (id, event_id, ticket_id, seat_id, seller_id, code_version, price_minor,
				  face_minor, status, created_at)
				values (:id, :event, :ticket, :seat, :seller, :version, :price, :face, 'OPEN', :at)
				on conflict do nothing""")
			.bind("id", listing.id())
			.bind("event", listing.eventId())
			.bind("ticket", listing.ticketId())
			.bind("seat", listing.seatId())
			.bind("seller", listing.sellerId())
			.bind("version", listing.codeVersion())
			.bind("price", listing.price().amountMinor())
			.bind("face", listing.faceValue().amountMinor())
			.bind("at", utc(listing.createdAt()))
			.fetch()
			.rowsUpdated()
			.map(rows -> rows == 1);
	}

	Mono<ResaleListing> find(UUID listingId) {
		return db.sql(SELECT + " where l.id = :id").bind("id", listingId).map(ResaleRepository::listing).one();
	}

	Flux<ResaleListing> openOf(UUID eventId) {
		return db.sql(SELECT + " where l.event_id = :event and l.status = 'OPEN' order by l.seat_id")
			.bind("event", eventId)
			.map(ResaleRepository::listing)
			.all();
	}

	/** The open listings of these seats of an event. */
	Flux<ResaleListing> openFor(UUID eventId, Collection<String> seatIds) {
		return db.sql(SELECT + " where l.event_id = :event and l.seat_id = any(:seats) and l.status = 'OPEN'")
			.bind("event", eventId)
			.bind("seats", seatIds.toArray(String[]::new))
			.map(ResaleRepository::listing)
			.all();
	}

	/** Which of these seats of an event were ever listed for resale. */
	Flux<String> everListed(UUID eventId, Collection<String> seatIds) {
		return db.sql("select distinct seat_id from resale_listing where event_id = :event and seat_id = any(:seats)")
			.bind("event", eventId)
			.bind("seats", seatIds.toArray(String[]::new))
			.map(row -> row.get("seat_id", String.class))
			.all();
	}

	Flux<ResaleListing> ofSeller(String sellerId) {
		return db.sql(SELECT + " where l.seller_id = :seller order by l.created_at desc limit 500")
			.bind("seller", sellerId)
			.map(ResaleRepository::listing)
			.all();
	}

	/**
	 * Ends an OPEN listing (WITHDRAWN or ENDED with a reason); empty if it was not open.
	 */
	Mono<ResaleListing> close(UUID listingId, String sellerId, ResaleListing.Status status, String reason, Instant at) {
		var spec = db
			.sql("update resale_listing set status = :status, end_reason = :reason, closed_at = :at"
					+ " where id = :id and status = 'OPEN' and (:seller::text is null or seller_id = :seller)"
					+ " returning id")
			.bind("status", status.name())
			.bind("id", listingId)
			.bind("at", utc(at));
		spec = reason == null ? spec.bindNull("reason", String.class) : spec.bind("reason", reason);
		spec = sellerId == null ? spec.bindNull("seller", String.class) : spec.bind("seller", sellerId);
		return spec.map(row -> row.get("id", UUID.class)).one().flatMap(this::find);
	}

	/** A listing ended by the sweep: its event and seat. */
	record Ended(UUID eventId, String seatId) {
	}

	/**
	 * Ends every open listing whose event started or was cancelled, or whose ticket is no
	 * longer the valid one the seller listed (scanned, transferred, cancelled).
	 */
	Flux<Ended> endStale(Instant now) {
		return db.sql("""
				with stale as (
				  select l.id,
				         case when e.status = 'CANCELLED' then 'event-cancelled'
				              when e.starts_at <= :now then 'event-started'
				              when t.status = 'USED' then 'scanned'
				              when t.user_id <> l.seller_id or t.code_version <> l.code_version then 'transferred'
				              when t.status <> 'VALID' then 'ticket-' || lower(t.status)
				         end as reason
				  from resale_listing l join event e on e.id = l.event_id join ticket t on t.id = l.ticket_id
				  where l.status = 'OPEN'
				  for update of l skip locked
				)
				update resale_listing l set status = 'ENDED', end_reason = s.reason, closed_at = :now
				from stale s where s.id = l.id and s.reason is not null
				returning l.event_id, l.seat_id""")
			.bind("now", utc(now))
			.map(row -> new Ended(row.get("event_id", UUID.class), row.get("seat_id", String.class)))
			.all();
	}

	/** Ends the open listing of one ticket (scanned or transferred), if any. */
	Flux<Ended> endForTicket(UUID ticketId, String reason, Instant now) {
		return db
			.sql("update resale_listing set status = 'ENDED', end_reason = :reason, closed_at = :now"
					+ " where ticket_id = :ticket and status = 'OPEN' returning event_id, seat_id")
			.bind("reason", reason)
			.bind("now", utc(now))
			.bind("ticket", ticketId)
			.map(row -> new Ended(row.get("event_id", UUID.class), row.get("seat_id", String.class)))
			.all();
	}

	/** Events with open listings, to keep Redis's resale seats true to them. */
	Flux<UUID> eventsWithOpenListings() {
		return db.sql("select distinct event_id from resale_listing where status = 'OPEN'")
			.map(row -> row.get("event_id", UUID.class))
			.all();
	}

	/** What the order's resold tickets paid out (or owe) their seller, in minor units. */
	Mono<Long> paidOutFor(UUID orderId) {
		return db.sql("""
				select coalesce(sum(p.amount_minor), 0) as paid from resale_payout p
				join resale_listing l on l.id = p.listing_id join ticket t on t.id = l.ticket_id
				where t.order_id = :order""")
			.bind("order", orderId)
			.map(row -> row.get("paid", Long.class))
			.one()
			.defaultIfEmpty(0L);
	}

	/** A payout to make: so much back onto the seller's original payment. */
	record Payout(UUID listingId, String paymentId, Money amount) {
	}

	/**
	 * Takes up to 50 pending payouts for this round (none that another round is working
	 * on), for {@code lease}.
	 */
	Flux<Payout> takePending(Instant now, Duration lease, Collection<UUID> only) {
		String filter = only == null ? "" : " and listing_id = any(:only)";
		var spec = db.sql("""
				update resale_payout set locked_until = :until, attempts = attempts + 1
				where listing_id in (
				  select listing_id from resale_payout
				  where status = 'PENDING' and (locked_until is null or locked_until < :now)%s
				  order by created_at limit 50 for update skip locked)
				returning listing_id, payment_id, amount_minor, currency""".formatted(filter))
			.bind("now", utc(now))
			.bind("until", utc(now.plus(lease)));
		if (only != null) {
			spec = spec.bind("only", only.toArray(UUID[]::new));
		}
		return spec
			.map(row -> new Payout(row.get("listing_id", UUID.class), row.get("payment_id", String.class),
					new Money(row.get("amount_minor", Long.class), row.get("currency", String.class).strip())))
			.all();
	}

	Mono<Void> paid(UUID listingId, Instant at) {
		return db
			.sql("update resale_payout set status = 'PAID', paid_at = :at, locked_until = null"
					+ " where listing_id = :id and status = 'PENDING'")
			.bind("id", listingId)
			.bind("at", utc(at))
			.then();
	}

	Mono<Void> unlock(UUID listingId) {
		return db.sql("update resale_payout set locked_until = null where listing_id = :id and status = 'PENDING'")
			.bind("id", listingId)
			.then();
	}

	private static ResaleListing listing(Readable row) {
		String currency = row.get("currency", String.class).strip();
		OffsetDateTime closed = row.get("closed_at", OffsetDateTime.class);
		String payout = row.get("payout_status", String.class);
		return new ResaleListing(row.get("id", UUID.class), row.get("event_id", UUID.class),
				row.get("ticket_id", UUID.class), row.get("seat_id", String.class), row.get("seller_id", String.class),
				row.get("code_version", Integer.class), new Money(row.get("price_minor", Long.class), currency),
				new Money(row.get("face_minor", Long.class), currency),
				ResaleListing.Status.valueOf(row.get("status", String.class)), row.get("end_reason", String.class),
				row.get("created_at", OffsetDateTime.class).toInstant(), closed == null ? null : closed.toInstant(),
				row.get("buyer_order_id", UUID.class), row.get("buyer_ticket_id", UUID.class),
				payout == null ? ResaleListing.PayoutStatus.NONE : ResaleListing.PayoutStatus.valueOf(payout));
	}

	/** Listing ids, as PostgreSQL takes them. */
	static UUID[] ids(List<ResaleListing> listings) {
		return listings.stream().map(ResaleListing::id).toArray(UUID[]::new);
	}

}
