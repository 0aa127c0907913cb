package dev.marquee.waitlist.web;

import java.net.URI;
import java.time.Instant;
import java.util.UUID;

import dev.marquee.catalog.EventId;
import dev.marquee.waitlist.WaitlistEntry;
import dev.marquee.waitlist.WaitlistEntryId;
import dev.marquee.waitlist.WaitlistManagement;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
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
 * Join a sold-out section's waitlist, see where you stand (and your offer), or leave. Ids
 * are parsed here, once: a malformed one is not found, like an unknown one.
 */
@RestController
@RequestMapping("/api/v1/events/{eventId}/waitlist")
class WaitlistController {

	private final WaitlistManagement waitlist;

	WaitlistController(WaitlistManagement waitlist) {
		this.waitlist = waitlist;
	}

	record JoinRequest(String sectionCode, Integer quantity, Boolean adjacent) {
	}

	@PostMapping(produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<EntryView>> join(@PathVariable String eventId, @RequestBody JoinRequest request,
			@RequestHeader(name = "X-Admission-Token", required = false) String admissionToken,
			@AuthenticationPrincipal Jwt user) {
		EventId event = EventId.parse(eventId);
		return waitlist
			.join(event, user.getSubject(), request.sectionCode(), request.quantity(), request.adjacent(),
					admissionToken)
			.flatMap(joined -> waitlist.standing(event, joined.entry().entryId(), user.getSubject())
				.map(standing -> ResponseEntity.status(joined.created() ? HttpStatus.CREATED : HttpStatus.OK)
					.location(URI.create("/api/v1/events/" + eventId + "/waitlist/" + joined.entry().entryId()))
					.body(EntryView.of(standing))));
	}

	@GetMapping("/{entryId}")
	Mono<EntryView> standing(@PathVariable String eventId, @PathVariable String entryId,
			@AuthenticationPrincipal Jwt user) {
		return waitlist.standing(EventId.parse(eventId), WaitlistEntryId.parse(entryId), user.getSubject())
			.map(EntryView::of);
	}

	@DeleteMapping("/{entryId}")
	Mono<EntryView> leave(@PathVariable String eventId, @PathVariable String entryId,
			@AuthenticationPrincipal Jwt user) {
		return waitlist.leave(EventId.parse(eventId), WaitlistEntryId.parse(entryId), user.getSubject())
			.map(EntryView::of);
	}

	record EntryView(String entryId, UUID eventId, String sectionCode, int quantity, boolean adjacent,
			WaitlistEntry.Status status, Long position, String holdId, Instant offerExpiresAt, Instant joinedAt) {

		static EntryView of(WaitlistManagement.Standing standing) {
			WaitlistEntry e = standing.entry();
			return new EntryView(e.entryId().toString(), e.eventId().value(), e.sectionCode(), e.quantity(),
					e.adjacent(),
					e.status() == WaitlistEntry.Status.OFFERING ? WaitlistEntry.Status.WAITING : e.status(),
					standing.position() > 0 ? standing.position() : null,
					e.holdId() == null ? null : e.holdId().toString(), e.offerExpiresAt(), e.joinedAt());
		}

	}

}
