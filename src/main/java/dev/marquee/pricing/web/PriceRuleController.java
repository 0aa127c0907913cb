package dev.marquee.pricing.web;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.UUID;

import dev.marquee.catalog.EventId;
import dev.marquee.pricing.PriceAudit;
import dev.marquee.pricing.PriceRule;
import dev.marquee.pricing.PriceRuleNotFound;
import dev.marquee.pricing.PriceRuleRequest;
import dev.marquee.pricing.PriceRules;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * An event's price rules (ADMIN) and the audit of what its sold seats were charged.
 */
@RestController
@RequestMapping("/api/v1/events/{eventId}")
class PriceRuleController {

	private final PriceRules rules;

	PriceRuleController(PriceRules rules) {
		this.rules = rules;
	}

	@GetMapping("/price-rules")
	Flux<PriceRuleView> list(@PathVariable String eventId) {
		return rules.list(EventId.parse(eventId)).flatMapIterable(list -> list).map(PriceRuleView::of);
	}

	@PostMapping(path = "/price-rules", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<PriceRuleView>> create(@PathVariable String eventId, @RequestBody PriceRuleRequest request) {
		return rules.create(EventId.parse(eventId), request)
			.map(rule -> ResponseEntity
				.created(URI.create("/api/v1/events/" + rule.eventId() + "/price-rules/" + rule.id()))
				.body(PriceRuleView.of(rule)));
	}

	@PutMapping(path = "/price-rules/{ruleId}", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<PriceRuleView> replace(@PathVariable String eventId, @PathVariable String ruleId,
			@RequestBody PriceRuleRequest request) {
		return Mono.defer(() -> rules.replace(EventId.parse(eventId), ruleId(ruleId), request)).map(PriceRuleView::of);
	}

	@DeleteMapping("/price-rules/{ruleId}")
	Mono<ResponseEntity<Void>> delete(@PathVariable String eventId, @PathVariable String ruleId) {
		return Mono.defer(() -> rules.delete(EventId.parse(eventId), ruleId(ruleId)))
			.then(Mono.just(ResponseEntity.noContent().build()));
	}

	@GetMapping("/price-audit")
	Flux<PriceAudit.AuditedSeat> audit(@PathVariable String eventId) {
		return rules.audit(EventId.parse(eventId));
	}

	private static UUID ruleId(String id) {
		try {
			return UUID.fromString(id);
		}
		catch (IllegalArgumentException ex) {
			throw new PriceRuleNotFound(id);
		}
	}

	record PriceRuleView(UUID ruleId, UUID eventId, String tier, PriceRule.Kind kind, String label, Instant from,
			Instant until, BigDecimal minShare, long priceMinor, int priority, int version, Instant createdAt,
			Instant updatedAt) {

		static PriceRuleView of(PriceRule rule) {
			return new PriceRuleView(rule.id(), rule.eventId(), rule.tier(), rule.kind(), rule.label(), rule.from(),
					rule.until(), rule.minShare(), rule.priceMinor(), rule.priority(), rule.version(), rule.createdAt(),
					rule.updatedAt());
		}

	}

}
