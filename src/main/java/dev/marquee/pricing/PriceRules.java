package dev.marquee.pricing;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import dev.marquee.catalog.CatalogManagement;
import dev.marquee.catalog.EventId;
import dev.marquee.catalog.EventSetup;
import dev.marquee.shared.Text;
import dev.marquee.shared.ValidationFailed;
import dev.marquee.shared.Violations;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Price rules' public face: list, create, replace and delete an event's rules (validated:
 * every violation listed at once), and the {@link PriceBook} a hold is priced with. The
 * rules are cached in memory per event on every node, like the catalog's events: a change
 * made on this node is seen at once, one made on another node within
 * {@code marquee.pricing.refresh-interval}.
 * <p>
 * Precedence, checked when a rule is written so that evaluation never has to guess: of
 * the rules of a tier that apply at once, the highest priority wins; among demand steps
 * of one priority, the highest threshold reached. Two rules of a tier with the same
 * priority that could apply at once and that this cannot rank (overlapping windows, a
 * window and a demand step, two demand steps with one threshold) are refused.
 */
@Service
public class PriceRules {

	/** The most rules one event may have: evaluation scans them per tier. */
	static final int MAX_RULES = 50;

	private final PriceRuleRepository repository;

	private final CatalogManagement catalog;

	private final Clock clock;

	private final TransactionalOperator tx;

	// one shared read per event: the buyers of an on-sale's first instant wait for the
	// same
	// lookup rather than each reading PostgreSQL
	private final Map<EventId, Mono<List<PriceRule>>> cached = new ConcurrentHashMap<>();

	/** When each cached event's rules had last changed, as read with them. */
	private final Map<EventId, Instant> versions = new ConcurrentHashMap<>();

	PriceRules(PriceRuleRepository repository, CatalogManagement catalog, Clock clock, TransactionalOperator tx) {
		this.repository = repository;
		this.catalog = catalog;
		this.clock = clock;
		this.tx = tx;
	}

	/** The event's rules, by tier; fails with {@code event-not-found}. */
	public Mono<List<PriceRule>> list(EventId eventId) {
		return catalog.setup(eventId).then(repository.findByEvent(eventId.value()).collectList());
	}

	/** The event's base prices with its rules, for pricing holds (cached). */
	public Mono<PriceBook> book(EventSetup setup) {
		return rules(setup.event().id()).map(rules -> new PriceBook(setup, rules));
	}

	private Mono<List<PriceRule>> rules(EventId eventId) {
		Mono<List<PriceRule>> rules = cached.get(eventId);
		return rules != null ? rules : cached.computeIfAbsent(eventId, this::load);
	}

	private Mono<List<PriceRule>> load(EventId eventId) {
		return repository.lastChange(eventId.value())
			.zipWith(repository.findByEvent(eventId.value()).collectList())
			.map(found -> {
				versions.put(eventId, found.getT1());
				return List.copyOf(found.getT2());
			})
			// a failed read is not remembered: the next hold reads again
			.doOnError(ex -> cached.remove(eventId))
			.cache(rules -> Duration.ofMillis(Long.MAX_VALUE), ex -> Duration.ZERO, () -> Duration.ZERO);
	}

	public Mono<PriceRule> create(EventId eventId, PriceRuleRequest request) {
		return write(eventId, null, request);
	}

	/**
	 * Replaces a rule's terms; holds placed before keep the price they were placed at.
	 */
	public Mono<PriceRule> replace(EventId eventId, UUID ruleId, PriceRuleRequest request) {
		return write(eventId, ruleId, request);
	}

	public Mono<Void> delete(EventId eventId, UUID ruleId) {
		return catalog.setup(eventId)
			.then(repository.delete(eventId.value(), ruleId, clock.instant()))
			.flatMap(deleted -> deleted ? Mono.<Void>empty() : Mono.error(notFound(ruleId)))
			.doOnSuccess(ignored -> forget(eventId));
	}

	private Mono<PriceRule> write(EventId eventId, UUID ruleId, PriceRuleRequest request) {
		if (request == null) {
			return Mono.error(ValidationFailed.of("body", "is required"));
		}
		return catalog.setup(eventId)
			.flatMap(setup -> repository.lock(eventId.value())
				.then(repository.findByEvent(eventId.value()).collectList())
				.flatMap(existing -> {
					PriceRule current = ruleId == null ? null
							: existing.stream().filter(rule -> rule.id().equals(ruleId)).findFirst().orElse(null);
					if (ruleId != null && current == null) {
						return Mono.error(notFound(ruleId));
					}
					List<PriceRule> others = existing.stream().filter(rule -> !rule.id().equals(ruleId)).toList();
					PriceRule rule = validate(setup, request, others, current);
					return current == null ? repository.insert(rule) : repository.replace(rule);
				})
				.as(tx::transactional))
			.doOnSuccess(ignored -> forget(eventId));
	}

	private PriceRule validate(EventSetup setup, PriceRuleRequest request, List<PriceRule> others, PriceRule current) {
		Violations violations = new Violations();
		violations.check(current != null || others.size() < MAX_RULES, "eventId",
				"has " + MAX_RULES + " rules already, the most an event may have");
		String tier = request.tier();
		violations.check(tier != null && setup.event().pricesMinor().containsKey(tier), "tier",
				"must be one of the event's price tiers " + setup.event().pricesMinor().keySet());
		PriceRule.Kind kind = null;
		try {
			kind = request.kind() == null ? null : PriceRule.Kind.valueOf(request.kind().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			// reported below
		}
		violations.check(kind != null, "kind", "must be TIME_WINDOW or DEMAND_STEP");
		violations.check(request.label() == null || Text.isClean(request.label(), 60), "label",
				"must be 1-60 characters");
		if (kind == PriceRule.Kind.TIME_WINDOW) {
			violations.check(request.from() != null, "from", "is required for a time window (ISO-8601)");
			violations.check(request.until() != null, "until", "is required for a time window (ISO-8601)");
			violations.check(
					request.from() == null || request.until() == null || request.from().isBefore(request.until()),
					"until", "must be after from");
			violations.check(request.minShare() == null, "minShare", "applies to demand steps only");
		}
		if (kind == PriceRule.Kind.DEMAND_STEP) {
			violations.check(
					request.minShare() != null && request.minShare().signum() > 0
							&& request.minShare().compareTo(BigDecimal.ONE) <= 0 && request.minShare().scale() <= 4,
					"minShare", "must be a share sold in (0, 1], at most 4 decimals");
			violations.check(request.from() == null && request.until() == null, "from", "applies to time windows only");
		}
		violations.check(request.priceMinor() != null && request.priceMinor() >= 0, "priceMinor",
				"must be at least 0 (minor units of " + setup.event().currency() + ")");
		int priority = request.priority() == null ? 0 : request.priority();
		violations.check(priority >= -1000 && priority <= 1000, "priority", "must be -1000..1000");
		Instant now = clock.instant();
		PriceRule rule = new PriceRule(current == null ? UUID.randomUUID() : current.id(), setup.event().id().value(),
				tier, kind, request.label() == null ? null : request.label().strip(), request.from(), request.until(),
				request.minShare(), request.priceMinor() == null ? 0 : request.priceMinor(), priority,
				current == null ? 1 : current.version() + 1, current == null ? now : current.createdAt(), now);
		if (kind != null && tier != null && validShape(rule)) {
			for (PriceRule other : others) {
				if (ambiguous(rule, other)) {
					violations.add("priority",
							"ties with rule " + other.id() + " (" + other.kind() + ", priority " + other.priority()
									+ "): both may apply to tier " + tier + " at once; give one a different "
									+ "priority"
									+ (kind == PriceRule.Kind.DEMAND_STEP && other.kind() == PriceRule.Kind.DEMAND_STEP
											? " or threshold" : ""));
				}
			}
		}
		violations.throwIfAny();
		return rule;
	}

	private static boolean validShape(PriceRule rule) {
		return rule.kind() == PriceRule.Kind.TIME_WINDOW
				? rule.from() != null && rule.until() != null && rule.from().isBefore(rule.until())
				: rule.minShare() != null && rule.minShare().signum() > 0;
	}

	/** Whether both may apply at once and precedence cannot tell which wins. */
	static boolean ambiguous(PriceRule a, PriceRule b) {
		if (!a.tier().equals(b.tier()) || a.priority() != b.priority()) {
			return false;
		}
		if (a.kind() == PriceRule.Kind.TIME_WINDOW && b.kind() == PriceRule.Kind.TIME_WINDOW) {
			return a.from().isBefore(b.until()) && b.from().isBefore(a.until());
		}
		if (a.kind() == PriceRule.Kind.DEMAND_STEP && b.kind() == PriceRule.Kind.DEMAND_STEP) {
			return a.minShare().compareTo(b.minShare()) == 0;
		}
		return true;
	}

	private static PriceRuleNotFound notFound(UUID ruleId) {
		return new PriceRuleNotFound(ruleId);
	}

	private void forget(EventId eventId) {
		cached.remove(eventId);
		versions.remove(eventId);
	}

	/**
	 * Forgets this node's copies of the rules changed on any node lately (looking back a
	 * minute, as clocks of nodes differ a little), each only if it changed after the copy
	 * was read.
	 */
	@Scheduled(fixedDelayString = PricingProperties.REFRESH_INTERVAL,
			initialDelayString = PricingProperties.REFRESH_INTERVAL)
	public Mono<Void> forgetChanged() {
		Instant since = clock.instant().minus(Duration.ofMinutes(1));
		return repository.changedSince(since).doOnNext(changed -> {
			EventId eventId = EventId.of(changed.eventId());
			Instant read = versions.get(eventId);
			if (read != null && changed.at().isAfter(read)) {
				cached.remove(eventId);
				versions.remove(eventId, read);
			}
		}).then().onErrorResume(ex -> Mono.empty());
	}

	/** The audit of what the event's sold seats were charged and why, oldest first. */
	public Flux<PriceAudit.AuditedSeat> audit(EventId eventId) {
		return catalog.setup(eventId).thenMany(repository.audit(eventId.value()));
	}

}
