package dev.marquee.hold.web;

import java.util.List;

import dev.marquee.catalog.EventId;
import dev.marquee.hold.HoldManagement;
import dev.marquee.shared.web.RateLimits;

import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Mono;

/**
 * RSocket request-response {@code holds.create}: the same body, answer and errors as
 * {@code POST /api/v1/events/{eventId}/holds}, with the event id (and, for a
 * queue-protected event, the admission token) in the payload.
 */
@Controller
class HoldRSocket {

	private final HoldManagement holds;

	private final RateLimits limits;

	HoldRSocket(HoldManagement holds, RateLimits limits) {
		this.holds = holds;
		this.limits = limits;
	}

	record CreateHold(String eventId, List<String> seatIds, String admissionToken, String areaCode, Integer quantity) {
	}

	@MessageMapping("holds.create")
	Mono<HoldController.HoldView> create(CreateHold request, @AuthenticationPrincipal Jwt user) {
		// per user and per client address, as over HTTP
		String eventId = (request.eventId() != null) ? request.eventId() : "";
		return limits.checkRSocket(RateLimits.Action.HOLD, user.getSubject())
			.then(Mono.defer(() -> request.areaCode() != null && request.seatIds() == null
					? holds.holdArea(EventId.parse(eventId), user.getSubject(), request.areaCode(), request.quantity(),
							request.admissionToken())
					: holds.hold(EventId.parse(eventId), user.getSubject(), request.seatIds(),
							request.admissionToken())))
			.map(HoldController.HoldView::of);
	}

}
