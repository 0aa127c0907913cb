package dev.marquee.hold;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.marquee.catalog.CatalogManagement;
import dev.marquee.catalog.EventId;
import dev.marquee.catalog.EventSetup;
import dev.marquee.hold.internal.HoldKeys;
import dev.marquee.hold.internal.SnapshotScript;
import dev.marquee.shared.SeatStatus;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * The live seat state of an event as Redis has it: its {@code seq} and snapshots of every
 * seat's status at one seq, for seat maps, live streams and whoever picks seats from the
 * map.
 */
@Service
public class SeatSnapshots {

	private final CatalogManagement catalog;

	private final SnapshotScript script;

	private final ReactiveStringRedisTemplate redis;

	private final HoldKeys keys;

	private final HoldMetrics metrics;

	private record SnapshotKey(EventId eventId, long seq) {
	}

	// what anyone may ask for at any rate (seat maps, stream connects, resyncs) is read
	// from Redis once per event and seq; kept briefly, since the seq of a busy event
	// moves on within moments
	private final AsyncCache<SnapshotKey, SeatSnapshot> shared = Caffeine.newBuilder()
		.expireAfterWrite(Duration.ofSeconds(5))
		.maximumSize(256)
		.buildAsync();

	SeatSnapshots(CatalogManagement catalog, SnapshotScript script, ReactiveStringRedisTemplate redis, HoldKeys keys,
			HoldMetrics metrics) {
		this.catalog = catalog;
		this.script = script;
		this.redis = redis;
		this.keys = keys;
		this.metrics = metrics;
	}

	/**
	 * The event's current {@code seq}; empty if Redis has none (nothing happened, or
	 * Redis lost it).
	 */
	public Mono<Long> seq(EventId eventId) {
		return this.redis.opsForValue().get(this.keys.seq(eventId)).map(Long::parseLong);
	}

	/**
	 * The status of every seat of the event at one {@code seq}, as
	 * {@link #sharedSnapshot}.
	 */
	public Mono<SeatSnapshot> snapshot(EventId eventId) {
		return this.catalog.setup(eventId).flatMap(this::sharedSnapshot);
	}

	/**
	 * A snapshot at the event's current {@code seq} or later, shared by every caller
	 * asking at that seq: one cheap {@code GET} of the seq, and the full read only for
	 * the first of them.
	 */
	public Mono<SeatSnapshot> sharedSnapshot(EventSetup setup) {
		EventId id = setup.event().id();
		return seq(id).flatMap(seq -> {
			SnapshotKey key = new SnapshotKey(id, seq);
			return Mono.fromFuture(() -> this.shared.get(key, (k, executor) -> snapshot(setup).toFuture()), true)
				// read later than asked: the seq it was read at may be asked for next
				.doOnNext(read -> this.shared.asMap()
					.putIfAbsent(new SnapshotKey(id, read.seq()), CompletableFuture.completedFuture(read)));
		}).switchIfEmpty(Mono.defer(() -> snapshot(setup))); // no seq yet: the read seeds
																// it
	}

	/** The status of every seat of the event at one {@code seq}, read from Redis now. */
	public Mono<SeatSnapshot> snapshot(EventSetup setup) {
		EventId id = setup.event().id();
		return this.script.snapshot(id).doOnNext(seats -> this.metrics.snapshotRead()).map(seats -> {
			char[] glyphs = new char[setup.layout().seatCount()];
			Arrays.fill(glyphs, SeatStatus.AVAILABLE.glyph());
			mark(glyphs, setup, seats.held(), SeatStatus.HELD);
			mark(glyphs, setup, seats.sold(), SeatStatus.SOLD);
			// a seat listed for resale is sold yet holdable: RESALE until held
			Set<String> held = new HashSet<>(seats.held());
			mark(glyphs, setup, seats.resale().stream().filter(seat -> !held.contains(seat)).toList(),
					SeatStatus.RESALE);
			mark(glyphs, setup, seats.resale().stream().filter(held::contains).toList(), SeatStatus.HELD);
			mark(glyphs, setup, setup.event().blockedSeatIds(), SeatStatus.BLOCKED);
			return new SeatSnapshot(id, seats.seq(), new String(glyphs), setup);
		});
	}

	private static void mark(char[] glyphs, EventSetup setup, Iterable<String> seatIds, SeatStatus status) {
		for (String seatId : seatIds) {
			int index = setup.layout().indexOf(seatId);
			if (index >= 0) {
				glyphs[index] = status.glyph();
			}
		}
	}

}
