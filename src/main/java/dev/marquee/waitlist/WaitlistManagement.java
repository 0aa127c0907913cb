package dev.marquee.waitlist;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.marquee.catalog.CatalogManagement;
import dev.marquee.catalog.EventId;
import dev.marquee.catalog.Event;
import dev.marquee.catalog.EventId;
import dev.marquee.catalog.EventSetup;
import dev.marquee.catalog.VenueLayout;
import dev.marquee.hold.Hold;
import dev.marquee.hold.HoldManagement;
import dev.marquee.hold.SeatSnapshots;
import dev.marquee.hold.SeatsReleased;
import dev.marquee.queue.QueueManagement;
import dev.marquee.queue.QueueProblems;
import dev.marquee.sale.SeatsSold;
import dev.marquee.shared.Violations;
import dev.marquee.waitlist.WaitlistProblems.EntryNotFound;
import dev.marquee.waitlist.WaitlistProblems.NotOnSale;
import dev.marquee.waitlist.WaitlistProblems.SeatsAvailable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The waitlist's public face: join a sold-out section's waitlist, look at or leave the entry; and,
 * whenever seats of an event come free, offer them to the waiters they fit, in line order.
 */
@Service
public class WaitlistManagement {

	private static final Logger log = LoggerFactory.getLogger(WaitlistManagement.class);

	private final CatalogManagement catalog;

	private final HoldManagement holds;

	private final SeatSnapshots snapshots;

	private final QueueManagement queue;

	private final ReactiveStringRedisTemplate redis;

	private final ApplicationEventPublisher events;

	private final WaitlistProperties properties;

	private final Clock clock;

	private final RedisScript<List> join = script("waitlist-join", List.class);

	private final RedisScript<Long> claim = script("waitlist-claim", Long.class);

	private final RedisScript<Long> settle = script("waitlist-settle", Long.class);

	private final RedisScript<Long> leave = script("waitlist-leave", Long.class);

	private final RedisScript<Long> unlock = script("shared/lease-release", Long.class);

	WaitlistManagement(CatalogManagement catalog, HoldManagement holds, SeatSnapshots snapshots, QueueManagement queue,
			ReactiveStringRedisTemplate redis, ApplicationEventPublisher events, WaitlistProperties properties,
			Clock clock) {
		this.catalog = catalog;
		this.holds = holds;
		this.snapshots = snapshots;
		this.queue = queue;
		this.redis = redis;
		this.events = events;
		this.properties = properties;
		this.clock = clock;
	}

	private static <T> RedisScript<T> script(String name, Class<T> type) {
		try {
			return RedisScript.of(new ClassPathResource("redis/" + name + ".lua").getContentAsString(StandardCharsets.UTF_8), type);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private String key(UUID eventId, String suffix) {
		return properties.keyPrefix() + ":{" + eventId + "}:wl:" + suffix;
	}

	private String entryKey(UUID eventId, String entryId) {
		return key(eventId, "entry:" + entryId);
	}

	/** A join's outcome: the entry, and whether this join created it. */
	public record Joined(WaitlistEntry entry, boolean created) {
	}

	/**
	 * Joins the waitlist of a section for {@code quantity} seats (together unless {@code adjacent}
	 * is false). A buyer with a live entry for the event gets it back. On a queue-protected event
	 * the buyer needs an admission, as for a hold ({@link QueueProblems.AdmissionRequired}): an
	 * offer is a hold, and the line must not be a way around the queue.
	 */
	public Mono<Joined> join(String eventId, String userId, String sectionCode, Integer quantity, Boolean adjacent,
			String admissionToken) {
		return Mono.fromCallable(() -> EventId.parse(eventId)).flatMap(catalog::setup).flatMap(setup -> {
			Event event = setup.event();
			queue.requireAdmission(event, userId, admissionToken);
			Violations v = new Violations();
			int max = event.maxTicketsPerUser();
			v.check(sectionCode != null && setup.layout().sections().stream().anyMatch(s -> s.code().equals(sectionCode)),
					"sectionCode", "is not a section of this event");
			v.check(quantity != null && quantity >= 1 && quantity <= max, "quantity", "must be between 1 and " + max);
			v.throwIfAny();
			Instant now = clock.instant();
			if (now.isBefore(event.onSaleAt()) || !now.isBefore(event.startsAt())) {
				return Mono.error(new NotOnSale("The waitlist is open while the event is on sale."));
			}
			boolean together = adjacent == null || adjacent;
			return snapshots.snapshot(setup).flatMap(snapshot -> {
				long free = freeSeats(setup, snapshot.statuses(), sectionCode);
				if (free >= quantity) {
					return Mono.<Joined>error(new SeatsAvailable(sectionCode, free));
				}
				String entryId = UUID.randomUUID().toString();
				UUID id = event.id().value();
				long expireAt = event.startsAt().getEpochSecond() + 86_400;
				return redis.execute(join,
						List.of(key(id, "seq"), key(id, "users"), entryKey(id, entryId), key(id, "waiting:" + sectionCode),
								key(id, "entry:")),
						List.of(userId, entryId, sectionCode, String.valueOf(quantity), together ? "1" : "0",
								String.valueOf(now.toEpochMilli()), String.valueOf(expireAt)))
					.next()
					.flatMap(result -> {
						List<?> answer = (List<?>) result;
						String found = String.valueOf(answer.get(1));
						boolean created = "NEW".equals(String.valueOf(answer.get(0)));
						return entry(id, found).map(entry -> new Joined(entry, created));
					});
			});
		});
	}

	private static long freeSeats(EventSetup setup, String statuses, String sectionCode) {
		long free = 0;
		int index = 0;
		for (VenueLayout.Section section : setup.layout().sections()) {
			for (VenueLayout.Row row : section.rows()) {
				if (section.code().equals(sectionCode)) {
					for (int k = 0; k < row.seats(); k++) {
						if (statuses.charAt(index + k) == '.') {
							free++;
						}
					}
				}
				index += row.seats();
			}
		}
		return free;
	}

	/** The entry with its place in line (1 is next; 0 when no longer waiting). */
	public record Standing(WaitlistEntry entry, long position) {
	}

	public Mono<Standing> standing(String eventId, String entryId, String userId) {
		return Mono.fromCallable(() -> EventId.parse(eventId)).flatMap(catalog::setup).flatMap(setup -> entry(setup.event().id().value(), entryId))
			.filter(entry -> entry.userId().equals(userId))
			.switchIfEmpty(Mono.error(() -> new EntryNotFound(entryId)))
			.flatMap(entry -> redis.opsForZSet().rank(key(entry.eventId(), "waiting:" + entry.sectionCode()), entryId)
				.map(rank -> new Standing(entry, rank + 1))
				.defaultIfEmpty(new Standing(entry, 0)));
	}

	/** Where an entry stands, for a watcher holding its (unguessable) id. */
	public Mono<Standing> standingForWatcher(String eventId, String entryId) {
		return Mono.fromCallable(() -> EventId.parse(eventId)).flatMap(catalog::setup).flatMap(setup -> entry(setup.event().id().value(), entryId))
			.switchIfEmpty(Mono.error(() -> new EntryNotFound(entryId)))
			.flatMap(entry -> standing(eventId, entryId, entry.userId()));
	}

	/**
	 * Leaves the list (an offer already made stays the buyer's to pay for or release). Leaving while
	 * an offer is being made is one script with the matcher's settle, so the hold it placed goes
	 * back rather than staying with someone who left.
	 */
	public Mono<Standing> leave(String eventId, String entryId, String userId) {
		return standing(eventId, entryId, userId).flatMap(standing -> {
			WaitlistEntry entry = standing.entry();
			if (!entry.waiting()) {
				return Mono.just(standing);
			}
			return redis.execute(leave,
					List.of(entryKey(entry.eventId(), entryId), key(entry.eventId(), "waiting:" + entry.sectionCode())),
					List.of(entryId))
				.then(standing(eventId, entryId, userId));
		});
	}

	Mono<WaitlistEntry> entry(UUID eventId, String entryId) {
		return redis.<String, String>opsForHash().entries(entryKey(eventId, entryId))
			.collectMap(Map.Entry::getKey, Map.Entry::getValue)
			.filter(fields -> !fields.isEmpty())
			.map(fields -> WaitlistEntry.of(eventId, entryId, fields));
	}

	// --- offers

	@EventListener
	void on(SeatsReleased released) {
		Mono<Void> lapse = released.holdId() == null ? Mono.empty()
				: redis.<String, String>opsForHash().get(key(released.eventId(), "offers"), released.holdId().toString())
					.flatMap(entryId -> redis.opsForHash().put(entryKey(released.eventId(), entryId), "status",
							WaitlistEntry.Status.LAPSED.name()))
					.then();
		Set<String> sections = new LinkedHashSet<>();
		released.seatIds().forEach(seat -> sections.add(seat.substring(0, Math.max(0, seat.indexOf('-')))));
		lapse.then(match(released.eventId(), sections))
			.onErrorResume(ex -> {
				log.warn("Waitlist offers for event {} failed: {}", released.eventId(), ex.toString());
				return Mono.empty();
			})
			.subscribe();
	}

	@EventListener
	void on(SeatsSold sold) {
		redis.<String, String>opsForHash().get(key(sold.eventId(), "offers"), sold.holdId().toString())
			.flatMap(entryId -> redis.opsForHash().put(entryKey(sold.eventId(), entryId), "status",
					WaitlistEntry.Status.PURCHASED.name()))
			.onErrorResume(ex -> Mono.empty())
			.subscribe();
	}

	/**
	 * Offers the free seats of these sections to their waiters. One matcher per event at a time
	 * (a Redis lock), so that seats freed at once still go in line order: whoever does not get the
	 * lock leaves the sections marked, and the lock holder matches them before it lets go.
	 */
	Mono<Void> match(UUID eventId, Set<String> sections) {
		String dirty = key(eventId, "dirty");
		return redis.opsForSet().add(dirty, sections.toArray(String[]::new)).then(drain(eventId));
	}

	private Mono<Void> drain(UUID eventId) {
		String lock = key(eventId, "lock");
		String dirty = key(eventId, "dirty");
		String me = UUID.randomUUID().toString();
		return redis.opsForValue().setIfAbsent(lock, me, Duration.ofSeconds(30)).flatMap(locked -> {
			if (!locked) {
				return Mono.empty();
			}
			Mono<Void> round = redis.opsForSet().pop(dirty, 100).collectList()
				.flatMap(sections -> Flux.fromIterable(sections).concatMap(section -> matchSection(eventId, section)).then()
					.thenReturn(!sections.isEmpty()))
				.repeat()
				.takeUntil(worked -> !worked)
				.then();
			// let go (only if still ours: one that outlived its expiry may be another matcher's by now),
			// then look once more: sections marked just before the lock went are not lost
			return round.then(redis.execute(unlock, List.of(lock), List.of(me)).then())
				.then(redis.opsForSet().size(dirty))
				.flatMap(left -> left > 0 ? drain(eventId) : Mono.empty());
		});
	}

	/**
	 * Offers a section's free seats to its waiters, in line order, to each they fit. A waiter who
	 * asks for no less than someone earlier in this pass who got nothing is passed over until the
	 * next pass: seats freed while a pass runs would otherwise go past that earlier waiter (their
	 * release marks the section, so the next pass offers them in line order).
	 */
	Flux<WaitlistOffered> matchSection(UUID eventId, String section) {
		String waiting = key(eventId, "waiting:" + section);
		return Flux.defer(() -> {
			List<WaitlistEntry> unserved = new ArrayList<>();
			return redis.opsForZSet()
				.range(waiting, Range.closed(0L, (long) properties.scanLimit() - 1))
				.collectList()
				.flatMapMany(Flux::fromIterable)
				.concatMap(entryId -> entry(eventId, entryId)
					.filter(entry -> unserved.stream().noneMatch(earlier -> asksNoLess(entry, earlier)))
					.filterWhen(entry -> redis.execute(claim, List.of(entryKey(eventId, entryId), waiting), List.of(entryId))
						.next()
						.map(claimed -> claimed == 1))
					.flatMap(entry -> offerTo(entry, waiting)
						.switchIfEmpty(Mono.fromRunnable(() -> unserved.add(entry)))));
		});
	}

	/**
	 * The waiter left while their hold was being placed: release it (its seats are matched again),
	 * offer nothing. Should the release fail, the hold runs out at the end of the offer window.
	 */
	private Mono<WaitlistOffered> giveBack(WaitlistEntry entry, Hold hold) {
		log.debug("Waitlist entry {} left while offered hold {}; giving it back", entry.entryId(), hold.holdId());
		return holds.release(hold.holdId(), entry.userId()).onErrorResume(ex -> {
			log.warn("Could not give back hold {} of waitlist entry {}, which left ({}); it runs out with the offer window",
					hold.holdId(), entry.entryId(), ex.toString());
			return Mono.empty();
		}).then(Mono.empty());
	}

	/** Whether seats that could not serve {@code earlier} cannot serve {@code later} either. */
	private static boolean asksNoLess(WaitlistEntry later, WaitlistEntry earlier) {
		return later.quantity() >= earlier.quantity() && (later.adjacent() || !earlier.adjacent());
	}

	private Mono<WaitlistOffered> offerTo(WaitlistEntry entry, String waiting) {
		UUID eventId = entry.eventId();
		List<String> keys = List.of(entryKey(eventId, entry.entryId()), waiting, key(eventId, "offers"));
		return holds.offer(EventId.of(eventId), entry.userId(), entry.sectionCode(), entry.quantity(), entry.adjacent(),
				properties.offerWindow())
			.flatMap(hold -> redis.execute(settle, keys,
					List.of(entry.entryId(), hold.holdId().toString(), String.valueOf(hold.expiresAt().toEpochMilli())))
				.next()
				.flatMap(settled -> settled == 2 ? giveBack(entry, hold)
						: Mono.just(new WaitlistOffered(eventId, entry.entryId(), hold.holdId().value(), hold.seatIds(),
								hold.expiresAt()))))
			.doOnNext(events::publishEvent)
			.switchIfEmpty(Mono.defer(() -> redis.execute(settle, keys, List.of(entry.entryId(), "", "0")).then(Mono.empty())))
			.onErrorResume(ex -> {
				log.warn("Offer to waitlist entry {} failed ({}); it stays in line", entry.entryId(), ex.toString());
				return redis.execute(settle, keys, List.of(entry.entryId(), "", "0")).then(Mono.empty());
			});
	}

}
