package dev.marquee.ticket;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

import tools.jackson.databind.json.JsonMapper;

import dev.marquee.catalog.CatalogManagement;
import dev.marquee.catalog.EventId;
import dev.marquee.shared.Text;
import dev.marquee.shared.Violations;
import dev.marquee.ticket.DoorScanRepository.DoorScan;
import dev.marquee.ticket.DoorScanRepository.ScanKey;

import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The door when the network is not there: a signed list of an event's tickets a scanner
 * can trust offline, the settling of the scans it made meanwhile (each through the same
 * admit as an online scan, so the first to reach the server wins), and the counts per
 * gate.
 */
@Service
public class DoorManagement {

	/** The most scans one sync may carry. */
	public static final int MAX_SCANS = 500;

	private static final int MAX_GATE = 64;

	private static final int MAX_CODE = 512;

	private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

	/** How far ahead of the server's clock a device's clock may run. */
	private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

	private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

	private final CatalogManagement catalog;

	private final TicketRepository tickets;

	private final DoorScanRepository scans;

	private final TicketCodes codes;

	private final DoorSigning signing;

	private final JsonMapper json;

	private final Clock clock;

	DoorManagement(CatalogManagement catalog, TicketRepository tickets, DoorScanRepository scans, TicketCodes codes,
			DoorSigning signing, JsonMapper json, Clock clock) {
		this.catalog = catalog;
		this.tickets = tickets;
		this.scans = scans;
		this.codes = codes;
		this.signing = signing;
		this.json = json;
		this.clock = clock;
	}

	/**
	 * An event's door list: {@code payload} is the JSON text of {@link ListPayload},
	 * {@code signature} the ECDSA P-256 / SHA-256 signature of its UTF-8 bytes (IEEE
	 * P1363, base64url). The other fields repeat the payload's for convenience.
	 */
	public record DoorList(UUID eventId, Instant issuedAt, String keyId, int tickets, String payload,
			String signature) {
	}

	/** What a door list signs. */
	record ListPayload(int version, UUID eventId, Instant issuedAt, String keyId, List<Entry> entries) {
	}

	/** A live ticket: the hash of its current code, its seat, and whether it was used. */
	record Entry(String codeHash, UUID ticketId, String seatId, boolean used, Instant usedAt) {
	}

	/** The key that verifies door lists, as X.509 SPKI (base64) and as a JWK. */
	public record DoorKey(String keyId, String algorithm, String spki, Jwk jwk) {

		/** An EC public key as RFC 7517 writes it. */
		public record Jwk(String kty, String crv, String x, String y, String kid, String alg, String use) {
		}

	}

	/** A scan made offline, as the device sends it; checked by {@link #settle}. */
	public record OfflineScan(String code, String scannedAt, String gate, String deviceId) {
	}

	/** What the server made of a scan sent in later. */
	public enum Outcome {

		/** This scan was the ticket's first: it let its holder in. */
		ADMITTED,
		/** The ticket had been admitted before: someone got in twice. */
		DOUBLE_ENTRY,
		/** The code admits nobody ({@code reason} says why). */
		INVALID

	}

	/**
	 * The verdict on one scan; for a double entry, {@code firstAdmission} tells when and
	 * where the ticket first got in.
	 */
	public record Settlement(Outcome outcome, UUID ticketId, String seatId, String reason,
			FirstAdmission firstAdmission) {
	}

	/**
	 * When a ticket was admitted (the server's clock) and, when the admission was
	 * recorded at the door, where, by which device and at what time on its clock.
	 */
	public record FirstAdmission(Instant usedAt, String gate, String deviceId, Instant scannedAt) {
	}

	/** An event's admissions: in total, per gate, and of how many tickets. */
	public record DoorCounts(UUID eventId, long tickets, long admitted, List<GateCount> gates) {

		/** The admissions at one gate; {@code gate} absent for scans that named none. */
		public record GateCount(String gate, long admitted) {
		}

	}

	public Mono<DoorList> doorList(EventId eventId) {
		return catalog.setup(eventId)
			.thenMany(tickets.liveOf(eventId.value()))
			.collectList()
			// a stadium's list is 100,000 HMACs and hashes: not on the connection's
			// thread
			.publishOn(Schedulers.parallel())
			.map(live -> {
				Instant issuedAt = clock.instant();
				List<Entry> entries = live.stream()
					.map(t -> new Entry(TicketCodes.hash(codes.code(t.id(), t.codeVersion())), t.id(), t.seatId(),
							t.status() == TicketStatus.USED, t.usedAt()))
					.toList();
				String payload = json
					.writeValueAsString(new ListPayload(1, eventId.value(), issuedAt, signing.keyId(), entries));
				String signature = BASE64URL.encodeToString(signing.sign(payload.getBytes(StandardCharsets.UTF_8)));
				return new DoorList(eventId.value(), issuedAt, signing.keyId(), entries.size(), payload, signature);
			});
	}

	public DoorKey publicKey() {
		var point = signing.publicKey().getW();
		return new DoorKey(signing.keyId(), "ES256", Base64.getEncoder().encodeToString(signing.spki()),
				new DoorKey.Jwk("EC", "P-256", coordinate(point.getAffineX()), coordinate(point.getAffineY()),
						signing.keyId(), "ES256", "sig"));
	}

	/**
	 * Settles scans made offline, in order, each as an online scan would be: the first
	 * scan of a ticket to reach the server admits, any other is a double entry. A scan
	 * sent again (same code, device and time) gets the answer it got the first time.
	 * Every scan is checked before any is settled: one bad scan refuses the whole batch.
	 */
	public Mono<List<Settlement>> settle(EventId eventId, List<OfflineScan> batch) {
		return catalog.setup(eventId)
			.then(Mono.fromCallable(() -> checked(batch)))
			.flatMapMany(Flux::fromIterable)
			.concatMap(scan -> settle(eventId.value(), scan))
			.collectList();
	}

	public Mono<DoorCounts> counts(EventId eventId) {
		return catalog.setup(eventId)
			.then(Mono.zip(tickets.attendance(eventId.value()),
					scans.admittedPerGate(eventId.value())
						.filter(count -> count.gate() != null)
						.map(count -> new DoorCounts.GateCount(count.gate(), count.admitted()))
						.collectList()))
			.map(both -> new DoorCounts(eventId.value(), both.getT1().tickets(), both.getT1().used(), both.getT2()));
	}

	/** A scan whose fields were checked. */
	private record Checked(String code, ScanKey key, String gate) {
	}

	private List<Checked> checked(List<OfflineScan> batch) {
		Violations v = new Violations();
		if (batch == null || batch.isEmpty() || batch.size() > MAX_SCANS) {
			v.add("scans", "must list 1 to " + MAX_SCANS + " scans");
			v.throwIfAny();
		}
		Instant latest = clock.instant().plus(CLOCK_SKEW);
		List<Checked> checked = new ArrayList<>();
		for (int i = 0; i < batch.size(); i++) {
			String at = "scans[" + i + "]";
			OfflineScan scan = batch.get(i);
			if (scan == null) {
				v.add(at, "is required");
				continue;
			}
			v.check(scan.code() != null && !scan.code().isBlank() && scan.code().length() <= MAX_CODE, at + ".code",
					"is required: the scanned text, at most " + MAX_CODE + " characters");
			Instant scannedAt = instant(scan.scannedAt());
			if (scannedAt == null) {
				v.add(at + ".scannedAt", "must be an instant in ISO-8601, like 2026-11-22T19:02:11Z");
			}
			else {
				v.check(!scannedAt.isAfter(latest), at + ".scannedAt", "must not be in the future");
			}
			checkGate(v, at + ".gate", scan.gate());
			checkDeviceId(v, at + ".deviceId", scan.deviceId());
			if (v.isEmpty()) {
				checked.add(new Checked(scan.code(),
						new ScanKey(TicketCodes.hash(scan.code()), scan.deviceId(), scannedAt), scan.gate().strip()));
			}
		}
		v.throwIfAny();
		return checked;
	}

	static void checkGate(Violations v, String field, String gate) {
		v.check(Text.isClean(gate, MAX_GATE), field,
				"is required: the gate's name, at most " + MAX_GATE + " characters, no control characters");
	}

	static void checkDeviceId(Violations v, String field, String deviceId) {
		v.check(deviceId != null && DEVICE_ID.matcher(deviceId).matches(), field,
				"is required: up to 100 letters, digits and . _ : -");
	}

	private Mono<Settlement> settle(UUID eventId, Checked scan) {
		return scans.find(scan.key()).flatMap(this::answer).switchIfEmpty(Mono.defer(() -> {
			var claim = codes.verify(scan.code()).orElse(null);
			if (claim == null) {
				return refuse(eventId, null, scan, Outcome.INVALID, "forged");
			}
			return tickets.find(claim.ticketId())
				.flatMap(ticket -> ticket.eventId().equals(eventId) ? admit(eventId, ticket, claim, scan)
						: refuse(eventId, ticket.id(), scan, Outcome.INVALID, "other-event"))
				.switchIfEmpty(Mono.defer(() -> refuse(eventId, null, scan, Outcome.INVALID, "unknown")));
		}));
	}

	private Mono<Settlement> admit(UUID eventId, Ticket ticket, TicketCodes.Claim claim, Checked scan) {
		var admission = new TicketRepository.Admission(scan.key().codeHash(), scan.gate(), scan.key().deviceId(),
				scan.key().scannedAt());
		return tickets.admit(ticket.id(), claim.version(), clock.instant(), admission)
			.map(admitted -> new Settlement(Outcome.ADMITTED, admitted.id(), admitted.seatId(), null, null))
			// not admitted: the same scan sent at the same moment may have been, else why
			// not
			.switchIfEmpty(Mono.defer(() -> scans.find(scan.key()).flatMap(this::answer)))
			.switchIfEmpty(Mono.defer(() -> tickets.find(ticket.id()).flatMap(now -> {
				if (now.codeVersion() != claim.version()) {
					return refuse(eventId, now.id(), scan, Outcome.INVALID, "reissued");
				}
				if (now.status() == TicketStatus.USED) {
					return refuse(eventId, now.id(), scan, Outcome.DOUBLE_ENTRY, null);
				}
				return refuse(eventId, now.id(), scan, Outcome.INVALID, now.status().name().toLowerCase(Locale.ROOT));
			})));
	}

	private Mono<Settlement> refuse(UUID eventId, UUID ticketId, Checked scan, Outcome outcome, String reason) {
		return scans.refused(eventId, ticketId, scan.key(), scan.gate(), outcome.name(), reason, clock.instant())
			.flatMap(this::answer);
	}

	/** The answer a recorded scan gets, whenever it is asked. */
	private Mono<Settlement> answer(DoorScan row) {
		Outcome outcome = Outcome.valueOf(row.outcome());
		if (row.ticketId() == null) {
			return Mono.just(new Settlement(outcome, null, null, row.reason(), null));
		}
		return tickets.find(row.ticketId()).flatMap(ticket -> {
			if (outcome != Outcome.DOUBLE_ENTRY) {
				return Mono.just(new Settlement(outcome, ticket.id(), ticket.seatId(), row.reason(), null));
			}
			return scans.admissionOf(ticket.id())
				.map(first -> new FirstAdmission(ticket.usedAt(), first.gate(), first.deviceId(), first.scannedAt()))
				.defaultIfEmpty(new FirstAdmission(ticket.usedAt(), null, null, null))
				.map(first -> new Settlement(outcome, ticket.id(), ticket.seatId(), null, first));
		});
	}

	private static Instant instant(String text) {
		if (text == null) {
			return null;
		}
		try {
			// PostgreSQL keeps microseconds: the same scan sent again must find its row
			return Instant.parse(text.strip()).truncatedTo(ChronoUnit.MICROS);
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	/** A P-256 coordinate as a JWK carries it: 32 bytes, big-endian, base64url. */
	private static String coordinate(BigInteger value) {
		byte[] bytes = value.toByteArray();
		byte[] fixed = new byte[32];
		int length = Math.min(bytes.length, 32);
		System.arraycopy(bytes, bytes.length - length, fixed, 32 - length, length);
		return BASE64URL.encodeToString(fixed);
	}

}
