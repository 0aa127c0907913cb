package dev.marquee.ticket;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Pattern;

import dev.marquee.catalog.EventId;
import dev.marquee.shared.Violations;
import dev.marquee.ticket.TicketProblems.AlreadyUsed;
import dev.marquee.ticket.TicketProblems.InvalidCode;
import dev.marquee.ticket.TicketProblems.NotTransferable;
import dev.marquee.ticket.TicketProblems.TicketNotFound;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The ticket module's public face: a buyer's tickets with their codes and QR images,
 * scanning at the door, and transfers.
 */
@Service
public class TicketManagement {

	/**
	 * What an identity provider's subject looks like (UUIDs, e-mail addresses,
	 * "provider|id").
	 */
	private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9._@|:+-]{1,200}");

	private final TicketRepository repository;

	private final TicketCodes codes;

	private final DoorScanRepository doorScans;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	TicketManagement(TicketRepository repository, TicketCodes codes, DoorScanRepository doorScans, Clock clock,
			ApplicationEventPublisher events) {
		this.events = events;
		this.repository = repository;
		this.codes = codes;
		this.doorScans = doorScans;
		this.clock = clock;
	}

	/** A ticket with the code its QR carries (none once cancelled). */
	public record IssuedTicket(Ticket ticket, String code) {
	}

	public Flux<IssuedTicket> ticketsOf(String userId) {
		return repository.ticketsOf(userId).map(this::issued);
	}

	/** A code's QR image as PNG, {@code scale} pixels per module (for email). */
	public byte[] qrPng(String code, int scale) {
		return QrCodes.png(code, scale);
	}

	/** The QR image of one of this user's live tickets. */
	public Mono<String> qrSvg(TicketId ticketId, String userId) {
		return owned(ticketId, userId)
			.flatMap(ticket -> ticket.status().isVoid() ? Mono.error(new TicketNotFound(ticketId))
					: Mono.fromCallable(() -> QrCodes.svg(codes.code(ticket.id(), ticket.codeVersion()))));
	}

	/**
	 * Admits the holder of a code: the first scan of a valid, current code succeeds, any
	 * later one fails with {@link AlreadyUsed}; a forged, superseded or cancelled code,
	 * or one for another event (when the scanner names its event; {@code eventId} null
	 * when it does not), fails with {@link InvalidCode}.
	 */
	public Mono<Ticket> scan(String code, EventId eventId) {
		return scan(code, eventId, null, null);
	}

	/**
	 * Admits as {@link #scan(String, EventId)} does, recording the gate and device that
	 * scanned (either may be null) with the admission.
	 */
	public Mono<Ticket> scan(String code, EventId eventId, String gate, String deviceId) {
		Violations v = new Violations();
		v.check(code != null && !code.isBlank(), "code", "is required");
		if (gate != null) {
			DoorScanChecks.checkGate(v, "gate", gate);
		}
		if (deviceId != null) {
			DoorScanChecks.checkDeviceId(v, "deviceId", deviceId);
		}
		v.throwIfAny();
		return Mono.defer(() -> {
			var claim = codes.verify(code).orElse(null);
			if (claim == null) {
				return Mono.error(new InvalidCode("forged", "This is not a Marquee ticket code."));
			}
			return repository.find(claim.ticketId())
				.switchIfEmpty(Mono.error(() -> new InvalidCode("unknown", "No such ticket.")))
				.flatMap(ticket -> {
					if (eventId != null && !ticket.eventId().equals(eventId.value())) {
						return Mono.error(new InvalidCode("other-event", "This ticket is for another event."));
					}
					Instant now = clock.instant();
					var admission = new TicketRepository.Admission(TicketCodes.hash(code),
							gate == null ? null : gate.strip(), deviceId, now);
					return repository.admit(ticket.id(), claim.version(), now, admission)
						.doOnNext(admitted -> events.publishEvent(TicketChanged.scanned(admitted)))
						.switchIfEmpty(Mono.defer(() -> repository.find(ticket.id())
							.flatMap(current -> refusal(current, claim).flatMap(Mono::error))));
				});
		});
	}

	private Mono<RuntimeException> refusal(Ticket ticket, TicketCodes.Claim claim) {
		if (claim.version() != ticket.codeVersion()) {
			return Mono.just(new InvalidCode("reissued", "This code was replaced when the ticket changed hands."));
		}
		if (ticket.status() == TicketStatus.USED) {
			// the gate it got in at, when its scanner named one
			return doorScans.admissionOf(ticket.id())
				.mapNotNull(DoorScanRepository.DoorScan::gate)
				.<RuntimeException>map(gate -> new AlreadyUsed(ticket.id(), ticket.seatId(), ticket.usedAt(), gate))
				.defaultIfEmpty(new AlreadyUsed(ticket.id(), ticket.seatId(), ticket.usedAt()));
		}
		String status = ticket.status().name().toLowerCase(Locale.ROOT);
		return Mono.just(new InvalidCode(status, "This ticket is " + status + "."));
	}

	/**
	 * Gives one of this user's valid tickets to another user; the old code stops working.
	 */
	public Mono<IssuedTicket> transfer(TicketId ticketId, String userId, String toUserId) {
		Violations v = new Violations();
		v.check(toUserId != null && !toUserId.isBlank(), "toUserId", "is required");
		v.check(toUserId == null || toUserId.isBlank() || USER_ID.matcher(toUserId.strip()).matches(), "toUserId",
				"must be a user id: up to 200 letters, digits and . _ @ | : + -");
		v.check(toUserId == null || !toUserId.strip().equals(userId), "toUserId", "must be someone else");
		v.throwIfAny();
		String to = toUserId.strip();
		return owned(ticketId, userId)
			.flatMap(ticket -> repository.transfer(ticket.id(), userId, to, clock.instant())
				.switchIfEmpty(Mono.defer(() -> repository.find(ticket.id())
					.flatMap(now -> Mono.error(now.userId().equals(userId)
							? new NotTransferable(now.id(), now.status().name()) : new TicketNotFound(ticketId))))))
			.doOnNext(ticket -> events.publishEvent(TicketChanged.transferred(ticket)))
			.map(this::issued);
	}

	private Mono<Ticket> owned(TicketId ticketId, String userId) {
		return repository.find(ticketId.value())
			.filter(ticket -> ticket.userId().equals(userId))
			.switchIfEmpty(Mono.error(() -> new TicketNotFound(ticketId)));
	}

	private IssuedTicket issued(Ticket ticket) {
		return new IssuedTicket(ticket,
				ticket.status().isVoid() ? null : codes.code(ticket.id(), ticket.codeVersion()));
	}

}
