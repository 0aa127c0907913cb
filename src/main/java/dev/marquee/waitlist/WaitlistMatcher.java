package dev.marquee.waitlist;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.marquee.catalog.EventId;
import dev.marquee.hold.Hold;
import dev.marquee.hold.HoldManagement;
import dev.marquee.outbox.Outbox;
import dev.marquee.shared.redis.RedisLease;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Offers freed seats to the waiters they fit, in line order, as an ordinary hold of
 * theirs for the offer window, and publishes {@link WaitlistOffered} for each offer.
 */
@Component
class WaitlistMatcher {

	private static final Logger log = LoggerFactory.getLogger(WaitlistMatcher.class);

	private static final Duration LOCK_TTL = Duration.ofSeconds(30);

	private final HoldManagement holds;

	private final WaitlistScripts scripts;

	private final WaitlistEntries entries;

	private final WaitlistKeys keys;

	private final ReactiveStringRedisTemplate redis;

	private final ApplicationEventPublisher events;

	private final WaitlistProperties properties;

	private final Outbox outbox;

	private final Clock clock;

	WaitlistMatcher(HoldManagement holds, WaitlistScripts scripts, WaitlistEntries entries, WaitlistKeys keys,
			ReactiveStringRedisTemplate redis, ApplicationEventPublisher events, WaitlistProperties properties,
			Outbox outbox, Clock clock) {
		this.outbox = outbox;
		this.clock = clock;
		this.holds = holds;
		this.scripts = scripts;
		this.entries = entries;
		this.keys = keys;
		this.redis = redis;
		this.events = events;
		this.properties = properties;
	}

	/**
	 * Offers the free seats of these sections to their waiters. One matcher per event at
	 * a time (a Redis lease), so that seats freed at once still go in line order: whoever
	 * does not get the lease leaves the sections marked, and the lease holder matches
	 * them before it lets go.
	 */
	Mono<Void> match(EventId eventId, Set<String> sections) {
		return this.redis.opsForSet()
			.add(this.keys.dirty(eventId), sections.toArray(String[]::new))
			.then(drain(eventId));
	}

	private Mono<Void> drain(EventId eventId) {
		RedisLease lock = new RedisLease(this.redis, this.keys.lock(eventId));
		String dirty = this.keys.dirty(eventId);
		String me = UUID.randomUUID().toString();
		return lock.take(me, LOCK_TTL).flatMap(locked -> {
			if (!locked) {
				return Mono.empty();
			}
			Mono<Void> round = this.redis.opsForSet()
				.pop(dirty, 100)
				.collectList()
				.flatMap(sections -> Flux.fromIterable(sections)
					.concatMap(section -> matchSection(eventId, section))
					.then()
					.thenReturn(!sections.isEmpty()))
				.repeat()
				.takeUntil(worked -> !worked)
				.then();
			// let go (only if still ours: one that outlived its expiry may be another
			// matcher's by now), then look once more: sections marked just before the
			// lease went are not lost
			return round.then(lock.release(me))
				.then(this.redis.opsForSet().size(dirty))
				.flatMap(left -> left > 0 ? drain(eventId) : Mono.empty());
		});
	}

	/**
	 * Offers a section's free seats to its waiters, in line order, to each they fit. A
	 * waiter who asks for no less than someone earlier in this pass who got nothing is
	 * passed over until the next pass: seats freed while a pass runs would otherwise go
	 * past that earlier waiter (their release marks the section, so the next pass offers
	 * them in line order).
	 */
	Flux<WaitlistOffered> matchSection(EventId eventId, String section) {
		return Flux.defer(() -> {
			List<WaitlistEntry> unserved = new ArrayList<>();
			return this.redis.opsForZSet()
				.range(this.keys.waiting(eventId, section), Range.closed(0L, (long) this.properties.scanLimit() - 1))
				.collectList()
				.flatMapMany(Flux::fromIterable)
				.concatMap(entryId -> this.entries.find(eventId, WaitlistEntryId.of(UUID.fromString(entryId)))
					.filter(entry -> unserved.stream().noneMatch(entry::asksNoLessThan))
					.filterWhen(this.scripts::claim)
					.flatMap(entry -> offerTo(entry).switchIfEmpty(Mono.fromRunnable(() -> unserved.add(entry)))));
		});
	}

	private Mono<WaitlistOffered> offerTo(WaitlistEntry entry) {
		return this.holds
			.offer(entry.eventId(), entry.userId(), entry.sectionCode(), entry.quantity(), entry.adjacent(),
					this.properties.offerWindow())
			.flatMap(hold -> this.scripts.settle(entry, hold).flatMap(settlement -> switch (settlement) {
				case OFFERED -> Mono.just(new WaitlistOffered(entry.eventId().value(), entry.entryId(),
						hold.holdId().value(), hold.seatIds(), hold.expiresAt()));
				case LEFT -> giveBack(entry, hold);
			}))
			.doOnNext(this.events::publishEvent)
			.flatMap(offered -> announce(entry, offered).thenReturn(offered))
			.switchIfEmpty(Mono.defer(() -> this.scripts.requeue(entry).then(Mono.empty())))
			.onErrorResume(ex -> {
				log.warn("Offer to waitlist entry {} failed ({}); it stays in line", entry.entryId(), ex.toString());
				return this.scripts.requeue(entry).then(Mono.empty());
			});
	}

	/**
	 * Leaves the offer in the outbox, so the waiter hears of it by email even with the
	 * tab closed. The offer stands whatever happens to the row: should it not be written,
	 * the live stream and the waitlist page still show it.
	 */
	private Mono<Void> announce(WaitlistEntry entry, WaitlistOffered offered) {
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("eventId", offered.eventId().toString());
		payload.put("entryId", entry.entryId().value().toString());
		payload.put("userId", entry.userId());
		payload.put("holdId", offered.holdId().toString());
		payload.put("seatIds", offered.seatIds());
		payload.put("expiresAt", offered.expiresAt().toString());
		return Mono
			.defer(() -> this.outbox.append(this.outbox.entry("waitlist-" + entry.entryId().value(), "WaitlistOffered",
					payload, this.clock.instant())))
			.onErrorResume(ex -> {
				log.warn("The offer to waitlist entry {} stands, but its outbox row failed ({}); no email tells of it",
						entry.entryId(), ex.toString());
				return Mono.empty();
			});
	}

	/**
	 * The waiter left while their hold was being placed: release it (its seats are
	 * matched again), offer nothing. Should the release fail, the hold runs out at the
	 * end of the offer window.
	 */
	private Mono<WaitlistOffered> giveBack(WaitlistEntry entry, Hold hold) {
		log.debug("Waitlist entry {} left while offered hold {}; giving it back", entry.entryId(), hold.holdId());
		return this.holds.release(hold.holdId(), entry.userId()).onErrorResume(ex -> {
			log.warn(
					"Could not give back hold {} of waitlist entry {}, which left ({}); it runs out with the offer window",
					hold.holdId(), entry.entryId(), ex.toString());
			return Mono.empty();
		}).then(Mono.empty());
	}

}
