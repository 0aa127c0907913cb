package dev.marquee.queue.web;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Instant;
import java.util.function.Function;

import dev.marquee.catalog.EventId;
import dev.marquee.queue.JoinGate;
import dev.marquee.queue.QueueManagement;
import dev.marquee.queue.QueueReminders;
import dev.marquee.queue.QueueTicket;
import dev.marquee.queue.QueueTicketId;
import dev.marquee.queue.Standing;
import dev.marquee.shared.web.RateLimits;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Join an event's waiting room and see where you stand. Ids are parsed here, once: a
 * malformed one is not found, like an unknown one.
 */
@RestController
@RequestMapping("/api/v1/events/{eventId}/queue")
class QueueController {

	private final QueueManagement queue;

	/** The solved challenge of a join ({@code /queue-challenge}). */
	static final String CHALLENGE = "X-Queue-Challenge";

	/** The solution to it. */
	static final String SOLUTION = "X-Queue-Solution";

	/** The id the client keeps for its device: joins from one device are limited. */
	static final String DEVICE = "X-Device-Id";

	private final RateLimits limits;

	private final QueueReminders reminders;

	QueueController(QueueManagement queue, RateLimits limits, QueueReminders reminders) {
		this.queue = queue;
		this.reminders = reminders;
		this.limits = limits;
	}

	/** 201 with a new ticket; 200 with the ticket this buyer already has. */
	@PostMapping(produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<QueueView>> join(@PathVariable String eventId, @AuthenticationPrincipal Jwt user,
			@RequestHeader(name = CHALLENGE, required = false) String challenge,
			@RequestHeader(name = SOLUTION, required = false) String solution,
			@RequestHeader(name = DEVICE, required = false) String device, ServerHttpRequest http) {
		return join(eventId, user.getSubject(), http.getRemoteAddress(), http.getHeaders()::getFirst).map(joined -> {
			QueueView view = QueueView.of(joined.standing());
			return ResponseEntity.status(status(joined)).location(URI.create(location(eventId, view))).body(view);
		});
	}

	/**
	 * A join as {@code POST /events/{eventId}/queue} makes it, over any transport;
	 * {@code headers} reads a request header (null if absent).
	 */
	Mono<QueueManagement.Joined> join(String eventId, String userId, InetSocketAddress address,
			Function<String, String> headers) {
		JoinGate gate = new JoinGate(headers.apply(CHALLENGE), headers.apply(SOLUTION), headers.apply(DEVICE),
				address == null || address.getAddress() == null ? null : address.getAddress().getHostAddress());
		return limits.check(RateLimits.Action.JOIN, userId, address)
			.then(Mono.defer(() -> queue.join(EventId.parse(eventId), userId, gate)));
	}

	static HttpStatus status(QueueManagement.Joined joined) {
		return joined.created() ? HttpStatus.CREATED : HttpStatus.OK;
	}

	static String location(String eventId, QueueView view) {
		return "/api/v1/events/" + eventId + "/queue/" + view.queueTicket();
	}

	/**
	 * Asks for an email when this ticket's turn comes (its holder only); answers where it
	 * stands, with {@code reminding} true while the email is still to come.
	 */
	@PostMapping(path = "/{queueTicket}/reminder", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ReminderView> remind(@PathVariable String eventId, @PathVariable String queueTicket,
			@AuthenticationPrincipal Jwt user) {
		return Mono
			.defer(() -> reminders.remind(EventId.parse(eventId), QueueTicketId.parse(queueTicket), user.getSubject()))
			.map(standing -> new ReminderView(QueueView.of(standing), standing.status() == Standing.Status.WAITING));
	}

	/** A reminder asked for: the ticket as it stands, and whether an email is to come. */
	record ReminderView(QueueView ticket, boolean reminding) {
	}

	@GetMapping("/{queueTicket}")
	Mono<QueueView> standing(@PathVariable String eventId, @PathVariable String queueTicket,
			@AuthenticationPrincipal Jwt user) {
		return standing(eventId, queueTicket, user.getSubject());
	}

	/**
	 * Where a ticket stands, as {@code GET /events/{eventId}/queue/{queueTicket}} says.
	 */
	Mono<QueueView> standing(String eventId, String queueTicket, String userId) {
		return Mono.defer(() -> queue.standing(EventId.parse(eventId), QueueTicketId.parse(queueTicket), userId))
			.map(QueueView::of);
	}

	/**
	 * A queue ticket as the API shows it. {@code position} is absent until the queue
	 * opens (early joiners are shuffled then); {@code opensAt} says when.
	 * {@code earlyIndex} (early joiners only: the k-th to join early, from 1) and, while
	 * it waits after opening, {@code number} (the place in line, 1 first) let the buyer
	 * verify the shuffle against the published seed ({@code /queue-fairness}).
	 */
	record QueueView(String queueTicket, String eventId, Standing.Status status, Long position, long nowServing,
			long estimatedWaitSeconds, Instant joinedAt, Instant opensAt, String admissionToken,
			Instant admissionExpiresAt, Long earlyIndex, Long number) {

		static QueueView of(Standing standing) {
			QueueTicket ticket = standing.ticket();
			return new QueueView(ticket.ticketId().toString(), ticket.eventId().toString(), standing.status(),
					standing.position(), standing.nowServing(), standing.estimatedWaitSeconds(), ticket.joinedAt(),
					standing.opensAt(), standing.admissionToken(), standing.admissionExpiresAt(),
					ticket.early() ? ticket.index() : null, number(standing));
		}

		/**
		 * Known from the view while the ticket waits after opening: its distance plus now
		 * serving.
		 */
		private static Long number(Standing standing) {
			return standing.status() == Standing.Status.WAITING && standing.position() != null
					? standing.position() + standing.nowServing() : null;
		}

	}

}
