package dev.marquee.ticket;

import java.time.Instant;
import java.util.UUID;

import io.r2dbc.spi.Readable;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static dev.marquee.shared.Timestamps.utc;

/**
 * The door's records in PostgreSQL ({@code door_scan}): admissions with their gate, and
 * the verdicts on scans sent in later by devices that were offline. The admission row is
 * written by the admit itself ({@link TicketRepository#admit}); this class reads them and
 * records refusals.
 */
@Repository
class DoorScanRepository {

	private static final String SELECT = """
			select ticket_id, code_hash, gate, device_id, scanned_at, settled_at, outcome, reason from door_scan""";

	private final DatabaseClient db;

	DoorScanRepository(DatabaseClient db) {
		this.db = db;
	}

	/** One row of {@code door_scan}. */
	record DoorScan(UUID ticketId, String codeHash, String gate, String deviceId, Instant scannedAt, Instant settledAt,
			String outcome, String reason) {
	}

	/** A scan as a device made it: what says that one scan was sent twice. */
	record ScanKey(String codeHash, String deviceId, Instant scannedAt) {
	}

	/** The verdict already given on this scan, if it was sent before. */
	Mono<DoorScan> find(ScanKey key) {
		return db.sql(SELECT + " where code_hash = :hash and device_id = :device and scanned_at = :at")
			.bind("hash", key.codeHash())
			.bind("device", key.deviceId())
			.bind("at", utc(key.scannedAt()))
			.map(DoorScanRepository::scan)
			.one();
	}

	/** The admission of a ticket, if it came in through the door's records. */
	Mono<DoorScan> admissionOf(UUID ticketId) {
		return db.sql(SELECT + " where ticket_id = :ticket and outcome = 'ADMITTED'")
			.bind("ticket", ticketId)
			.map(DoorScanRepository::scan)
			.one();
	}

	/**
	 * Records a refused scan unless it was recorded before (the same scan sent again, or
	 * at the same time): either way the row of that scan is the answer.
	 */
	Mono<DoorScan> refused(UUID eventId, UUID ticketId, ScanKey key, String gate, String outcome, String reason,
			Instant at) {
		var spec = db.sql("""
				insert into door_scan (event_id, ticket_id, code_hash, gate, device_id, scanned_at, settled_at,
				                       outcome, reason)
				values (:event, :ticket, :hash, :gate, :device, :scanned, :at, :outcome, :reason)
				on conflict do nothing""")
			.bind("event", eventId)
			.bind("hash", key.codeHash())
			.bind("gate", gate)
			.bind("device", key.deviceId())
			.bind("scanned", utc(key.scannedAt()))
			.bind("at", utc(at))
			.bind("outcome", outcome);
		spec = ticketId == null ? spec.bindNull("ticket", UUID.class) : spec.bind("ticket", ticketId);
		spec = reason == null ? spec.bindNull("reason", String.class) : spec.bind("reason", reason);
		return spec.then().then(find(key));
	}

	/** Admissions per gate (null for those whose scanner named none), busiest first. */
	Flux<GateCount> admittedPerGate(UUID eventId) {
		return db.sql("""
				select gate, count(*) as admitted from door_scan where event_id = :event and outcome = 'ADMITTED'
				group by gate order by count(*) desc, gate""")
			.bind("event", eventId)
			.map(row -> new GateCount(row.get("gate", String.class), row.get("admitted", Long.class)))
			.all();
	}

	/** How many admissions a gate made. */
	record GateCount(String gate, long admitted) {
	}

	private static DoorScan scan(Readable row) {
		return new DoorScan(row.get("ticket_id", UUID.class), row.get("code_hash", String.class),
				row.get("gate", String.class), row.get("device_id", String.class), row.get("scanned_at", Instant.class),
				row.get("settled_at", Instant.class), row.get("outcome", String.class),
				row.get("reason", String.class));
	}

}
