package dev.marquee.hold.web;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.marquee.catalog.EventId;
import dev.marquee.hold.Hold;
import dev.marquee.hold.HoldId;
import dev.marquee.hold.HoldManagement;
import dev.marquee.shared.Money;
import dev.marquee.shared.web.RateLimits;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Place, read and release holds. Ids are parsed here, once: a malformed one is not found.
 */
@RestController
@RequestMapping("/api/v1")
class HoldController {

	private final HoldManagement holds;

	private final RateLimits limits;

	HoldController(HoldManagement holds, RateLimits limits) {
		this.holds = holds;
		this.limits = limits;
	}

	/** Seats by id, or a quantity of a general-admission area. */
	record HoldRequest(List<String> seatIds, String areaCode, Integer quantity) {
	}

	@PostMapping(path = "/events/{eventId}/holds", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<HoldView>> hold(@PathVariable String eventId, @RequestBody HoldRequest request,
			@RequestHeader(name = "X-Admission-Token", required = false) String admissionToken,
			@AuthenticationPrincipal Jwt user, ServerHttpRequest http) {
		return place(eventId, request, admissionToken, user.getSubject(), http.getRemoteAddress())
			.map(hold -> ResponseEntity.created(URI.create(location(hold))).body(HoldView.of(hold)));
	}

	/** A hold as {@code POST /events/{eventId}/holds} places it, over any transport. */
	Mono<Hold> place(String eventId, HoldRequest request, String admissionToken, String userId,
			InetSocketAddress address) {
		return limits.check(RateLimits.Action.HOLD, userId, address)
			.then(Mono.defer(() -> (request.areaCode() != null && request.seatIds() == null)
					? holds.holdArea(EventId.parse(eventId), userId, request.areaCode(), request.quantity(),
							admissionToken)
					: holds.hold(EventId.parse(eventId), userId, request.seatIds(), admissionToken)));
	}

	static String location(Hold hold) {
		return "/api/v1/holds/" + hold.holdId();
	}

	/**
	 * {@code wheelchair}: how many of the seats are wheelchair places (the rest
	 * companions).
	 */
	record BestRequest(String sectionCode, Integer quantity, Long maxPriceMinor, Integer wheelchair) {
	}

	/**
	 * Best available: the best block of adjacent seats in a section, or anywhere up to a
	 * price, in one hold.
	 */
	@PostMapping(path = "/events/{eventId}/holds/best-available", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<HoldView>> holdBest(@PathVariable String eventId, @RequestBody BestRequest request,
			@RequestHeader(name = "X-Admission-Token", required = false) String admissionToken,
			@AuthenticationPrincipal Jwt user, ServerHttpRequest http) {
		return best(eventId, request, admissionToken, user.getSubject(), http.getRemoteAddress())
			.map(hold -> ResponseEntity.created(URI.create(location(hold))).body(HoldView.of(hold)));
	}

	/**
	 * A hold as {@code POST /events/{eventId}/holds/best-available} places it, over any
	 * transport.
	 */
	Mono<Hold> best(String eventId, BestRequest request, String admissionToken, String userId,
			InetSocketAddress address) {
		return limits.check(RateLimits.Action.HOLD, userId, address)
			.then(Mono.defer(() -> holds.holdBest(EventId.parse(eventId), userId, request.sectionCode(),
					request.quantity(), request.maxPriceMinor(), request.wheelchair(), admissionToken)));
	}

	@GetMapping("/holds/{holdId}")
	Mono<HoldView> hold(@PathVariable String holdId, @AuthenticationPrincipal Jwt user) {
		return holds.find(HoldId.parse(holdId), user.getSubject()).map(HoldView::of);
	}

	@DeleteMapping("/holds/{holdId}")
	Mono<ResponseEntity<Void>> release(@PathVariable String holdId, @AuthenticationPrincipal Jwt user) {
		return holds.release(HoldId.parse(holdId), user.getSubject())
			.then(Mono.just(ResponseEntity.noContent().build()));
	}

	/**
	 * {@code prices}: each seat's price locked in when the hold was placed (what the
	 * purchase charges), with the price rule that set it; absent for a hold placed before
	 * prices were locked per seat.
	 */
	record HoldView(UUID holdId, UUID eventId, List<String> seatIds, Instant expiresAt, Money total, Hold.Status status,
			Instant createdAt, UUID orderId, List<Hold.SeatPrice> prices) {

		static HoldView of(Hold hold) {
			return new HoldView(hold.holdId().value(), hold.eventId().value(), hold.seatIds(), hold.expiresAt(),
					hold.total(), hold.status(), hold.createdAt(), hold.orderId(), hold.prices());
		}

	}

}
