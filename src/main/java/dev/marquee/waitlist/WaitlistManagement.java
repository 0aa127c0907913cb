package dev.marquee.waitlist;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.marquee.catalog.CatalogManagement;
import dev.marquee.catalog.Event;
import dev.marquee.catalog.EventId;
import dev.marquee.hold.SeatSnapshots;
import dev.marquee.queue.QueueManagement;
import dev.marquee.queue.QueueProblems;
import dev.marquee.shared.Violations;
import dev.marquee.waitlist.WaitlistProblems.EntryNotFound;
import dev.marquee.waitlist.WaitlistProblems.NotOnSale;
import dev.marquee.waitlist.WaitlistProblems.SeatsAvailable;
import dev.marquee.waitlist.WaitlistScripts.Joining;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The waitlist's public face, for buyers and for watchers of an entry: join a sold-out
 * section's waitlist, look at or leave the entry. Offers are made by
 * {@link WaitlistMatcher} whenever seats come free.
 */
@Service
public class WaitlistManagement {

	private final CatalogManagement catalog;

	private final SeatSnapshots snapshots;

	private final QueueManagement queue;

	private final WaitlistScripts scripts;

	private final WaitlistEntries entries;

	private final Clock clock;

	private final WaitlistKeys keys;

	private final ReactiveStringRedisTemplate redis;

	WaitlistManagement(CatalogManagement catalog, SeatSnapshots snapshots, QueueManagement queue,
			WaitlistScripts scripts, WaitlistEntries entries, Clock clock, WaitlistKeys keys,
			ReactiveStringRedisTemplate redis) {
		this.keys = keys;
		this.redis = redis;
		this.catalog = catalog;
		this.snapshots = snapshots;
		this.queue = queue;
		this.scripts = scripts;
		this.entries = entries;
		this.clock = clock;
	}

	/** A join's outcome: the entry, and whether this join created it. */
	public record Joined(WaitlistEntry entry, boolean created) {
	}

	/** The entry with its place in line (1 is next; 0 when no longer waiting). */
	/**
	 * The waitlist at a glance, for its organizers: how many entries wait in each section
	 * (sections nobody waits for left out), and in all.
	 */
	public record WaitlistSummary(long waiting, Map<String, Long> waitingBySection) {
	}

	/** The event's waitlist at a glance. */
	public Mono<WaitlistSummary> summary(EventId eventId) {
		return this.catalog.setup(eventId)
			.flatMapMany(setup -> Flux.fromIterable(setup.layout().sections()))
			.concatMap(section -> this.redis.opsForZSet()
				.size(this.keys.waiting(eventId, section.code()))
				.map(count -> Map.entry(section.code(), count)))
			.filter(entry -> entry.getValue() > 0)
			.collectList()
			.map(entries -> {
				Map<String, Long> bySection = new LinkedHashMap<>();
				entries.forEach(entry -> bySection.put(entry.getKey(), entry.getValue()));
				return new WaitlistSummary(bySection.values().stream().mapToLong(Long::longValue).sum(), bySection);
			});
	}

	public record Standing(WaitlistEntry entry, long position) {
	}

	/**
	 * Joins the waitlist of a section for {@code quantity} seats (together unless
	 * {@code adjacent} is false). A buyer with a live entry for the event gets it back.
	 * On a queue-protected event the buyer needs an admission, as for a hold
	 * ({@link QueueProblems.AdmissionRequired}): an offer is a hold, and the line must
	 * not be a way around the queue.
	 */
	public Mono<Joined> join(EventId eventId, String userId, String sectionCode, Integer quantity, Boolean adjacent,
			String admissionToken) {
		return this.catalog.setup(eventId).flatMap(setup -> {
			Event event = setup.event();
			this.queue.requireAdmission(event, userId, admissionToken);
			Violations v = new Violations();
			int max = event.maxTicketsPerUser();
			v.check(sectionCode != null
					&& setup.layout().sections().stream().anyMatch(s -> s.code().equals(sectionCode)), "sectionCode",
					"is not a section of this event");
			v.check(quantity != null && quantity >= 1 && quantity <= max, "quantity", "must be between 1 and " + max);
			v.throwIfAny();
			Instant now = this.clock.instant();
			if (!event.published() || now.isBefore(event.onSaleAt()) || !now.isBefore(event.startsAt())) {
				return Mono.error(new NotOnSale("The waitlist is open while the event is on sale."));
			}
			boolean together = adjacent == null || adjacent;
			return this.snapshots.snapshot(setup).flatMap(snapshot -> {
				long free = FreeSeats.in(setup.layout(), snapshot.statuses(), sectionCode);
				if (free >= quantity) {
					return Mono.<Joined>error(new SeatsAvailable(sectionCode, free));
				}
				long expireAt = event.startsAt().getEpochSecond() + 86_400;
				return this.scripts.join(eventId, userId, sectionCode, quantity, together, now, expireAt)
					.flatMap(joining -> this.entries.find(eventId, joining.entryId())
						.map(entry -> new Joined(entry, joining instanceof Joining.Created)));
			});
		});
	}

	/** Where the entry stands; only its holder may look. */
	public Mono<Standing> standing(EventId eventId, WaitlistEntryId entryId, String userId) {
		return entry(eventId, entryId).filter(entry -> entry.userId().equals(userId))
			.switchIfEmpty(Mono.error(() -> new EntryNotFound(entryId)))
			.flatMap(this::standing);
	}

	/** Where an entry stands, for a watcher holding its (unguessable) id. */
	public Mono<Standing> standingForWatcher(EventId eventId, WaitlistEntryId entryId) {
		return entry(eventId, entryId).switchIfEmpty(Mono.error(() -> new EntryNotFound(entryId)))
			.flatMap(this::standing);
	}

	/**
	 * Leaves the list (an offer already made stays the buyer's to pay for or release).
	 * Leaving while an offer is being made is one script with the matcher's settle, so
	 * the hold it placed goes back rather than staying with someone who left.
	 */
	public Mono<Standing> leave(EventId eventId, WaitlistEntryId entryId, String userId) {
		return standing(eventId, entryId, userId).flatMap(standing -> {
			if (!standing.entry().waiting()) {
				return Mono.just(standing);
			}
			return this.scripts.leave(standing.entry()).then(standing(eventId, entryId, userId));
		});
	}

	/**
	 * The entry of a known event; fails if the event is unknown, empty if the entry is.
	 */
	private Mono<WaitlistEntry> entry(EventId eventId, WaitlistEntryId entryId) {
		return this.catalog.setup(eventId).flatMap(setup -> this.entries.find(eventId, entryId));
	}

	private Mono<Standing> standing(WaitlistEntry entry) {
		return this.entries.position(entry).map(position -> new Standing(entry, position));
	}

}
