package dev.marquee.ticket;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import tools.jackson.databind.json.JsonMapper;

import dev.marquee.catalog.CatalogManagement;
import dev.marquee.catalog.EventId;
import dev.marquee.ticket.DoorScanChecks.Checked;
import dev.marquee.ticket.DoorScanRepository.DoorScan;
import dev.marquee.ticket.Settlement.FirstAdmission;
import dev.marquee.ticket.Settlement.Outcome;

import org.springframework.context.ApplicationEventPublisher;
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

	private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

	private final CatalogManagement catalog;

	private final TicketRepository tickets;

	private final DoorScanRepository scans;

	private final TicketCodes codes;

	private final DoorSigning signing;

	private final JsonMapper json;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	DoorManagement(CatalogManagement catalog, TicketRepository tickets, DoorScanRepository scans, TicketCodes codes,
			DoorSigning signing, JsonMapper json, Clock clock, ApplicationEventPublisher events) {
		this.events = events;
		this.catalog = catalog;
		this.tickets = tickets;
		this.scans = scans;
		this.codes = codes;
		this.signing = signing;
		this.json = json;
		this.clock = clock;
	}

	public Mono<DoorList> doorList(EventId eventId) {
		return catalog.setup(eventId)
			.thenMany(tickets.liveOf(eventId.value()))
			.collectList()
			// a stadium's list is 100,000 HMACs and hashes: off the connection's thread
			.publishOn(Schedulers.parallel())
			.map(live -> {
				Instant issuedAt = clock.instant();
				List<DoorList.Entry> entries = live.stream()
					.map(t -> new DoorList.Entry(TicketCodes.hash(codes.code(t.id(), t.codeVersion())), t.id(),
							t.seatId(), t.status() == TicketStatus.USED, t.usedAt()))
					.toList();
				String payload = json
					.writeValueAsString(new DoorList.Payload(1, eventId.value(), issuedAt, signing.keyId(), entries));
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
			.then(Mono.fromCallable(() -> DoorScanChecks.checked(batch, clock)))
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
			.doOnNext(admitted -> events.publishEvent(TicketChanged.scanned(admitted)))
			.map(admitted -> new Settlement(Outcome.ADMITTED, admitted.id(), admitted.seatId(), null, null))
			// not admitted: this very scan, sent twice at once, may have been; else why
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

	/** A P-256 coordinate as a JWK carries it: 32 bytes, big-endian, base64url. */
	private static String coordinate(BigInteger value) {
		byte[] bytes = value.toByteArray();
		byte[] fixed = new byte[32];
		int length = Math.min(bytes.length, 32);
		System.arraycopy(bytes, bytes.length - length, fixed, 32 - length, length);
		return BASE64URL.encodeToString(fixed);
	}

}
