package dev.marquee.live;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PreDestroy;
import tools.jackson.databind.json.JsonMapper;

import dev.marquee.catalog.CatalogManagement;
import dev.marquee.catalog.EventId;
import dev.marquee.catalog.EventSetup;
import dev.marquee.hold.SeatSnapshot;
import dev.marquee.hold.SeatSnapshots;
import dev.marquee.live.internal.SeatChangeBus;
import dev.marquee.live.internal.SeatDelta;

import org.springframework.stereotype.Service;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * The seat streams of every event on this node, one {@link SeatFeed} per watched event. A
 * subscriber gets a snapshot, then the deltas after it; one that falls more than
 * {@code marquee.live.subscriber-buffer} frames behind is given a fresh snapshot rather
 * than an ever-growing buffer, and so is every subscriber when the bus reports it may
 * have lost changes (it was unreachable and is back), and every subscriber of an event
 * whose seq in Redis no longer matches its feed (checked every
 * {@code marquee.live.seq-check-interval}). (A little over 200 lines: the three reasons a
 * subscriber is given a fresh snapshot share the map of feeds and read best side by
 * side.)
 */
@Service
public class SeatFeeds {

	private final CatalogManagement catalog;

	private final SeatSnapshots snapshots;

	private final JsonMapper json;

	private final LiveProperties properties;

	private final SeatChangeBus bus;

	private final Clock clock;

	private final Map<UUID, SeatFeed> feeds = new ConcurrentHashMap<>();

	private final Disposable fromBus;

	private final Disposable checking;

	private final Disposable losing;

	private final Watchers watchers;

	private final Timer fanOutLag;

	private final Counter resyncs;

	SeatFeeds(SeatChangeBus bus, CatalogManagement catalog, SeatSnapshots snapshots, JsonMapper json,
			LiveProperties properties, Watchers watchers, MeterRegistry meters, Clock clock) {
		this.watchers = watchers;
		this.catalog = catalog;
		this.snapshots = snapshots;
		this.json = json;
		this.properties = properties;
		this.clock = clock;
		this.bus = bus;
		this.fanOutLag = Timer.builder("marquee.live.fanout.lag")
			.description("From a seat change being made (on any node) to this node handing it to its subscribers")
			.publishPercentiles(0.5, 0.99)
			.register(meters);
		this.resyncs = Counter.builder("marquee.live.resyncs")
			.description(
					"Subscribers given a fresh snapshot: they fell too far behind, or the bus may have lost changes")
			.register(meters);
		this.fromBus = bus.deltas().subscribe(this::fanOut);
		this.losing = bus.resyncs().subscribe(signal -> feeds.values().forEach(SeatFeed::lost));
		this.checking = Flux.interval(properties.seqCheckInterval())
			.onBackpressureDrop()
			.concatMap(tick -> Flux.fromIterable(feeds.entrySet())
				.filter(entry -> entry.getValue().watched())
				.concatMap(entry -> checkSeq(entry.getKey(), entry.getValue())))
			.subscribe();
	}

	/**
	 * Reads the event's seq in Redis for its feed to compare; see
	 * {@link SeatFeed#checkSeq}.
	 */
	private Mono<Void> checkSeq(UUID eventId, SeatFeed feed) {
		long expected = feed.expected();
		if (expected == Long.MIN_VALUE) {
			return Mono.empty();
		}
		return snapshots.seq(EventId.of(eventId))
			.defaultIfEmpty(-1L)
			.doOnNext(current -> feed.checkSeq(expected, current))
			.then()
			.onErrorResume(ex -> Mono.empty()); // Redis unreachable: the next check will
												// tell
	}

	private void fanOut(SeatDelta delta) {
		fanOutLag.record(Math.max(0, clock.millis() - delta.madeAtMillis()), TimeUnit.MILLISECONDS);
		SeatFeed feed = feeds.get(delta.eventId());
		if (feed != null) {
			feed.accept(delta);
		}
	}

	private SeatFeed feed(UUID eventId) {
		return feeds.computeIfAbsent(eventId,
				id -> new SeatFeed(id, properties, Schedulers.parallel(), message -> Frame.of(message, json)));
	}

	/**
	 * The stream of one event for one subscriber: snapshot, then deltas; a fresh snapshot
	 * whenever the subscriber fell too far behind. Fails with {@code EventNotFound} for
	 * an unknown event.
	 */
	public Flux<Frame> stream(EventId eventId) {
		return catalog.setup(eventId).flatMapMany(setup -> Flux.defer(() -> {
			if (!watchers.admit()) {
				return Flux.error(watchers.refusal());
			}
			return Flux.defer(() -> once(setup)).repeat().doFinally(signal -> watchers.leave());
		}));
	}

	/**
	 * The fan-out is given every frame of the event from now on, and told to start over
	 * when changes may have been lost; see {@link FrameFanOut}.
	 */
	public void attach(EventId eventId, FrameFanOut fanOut) {
		feed(eventId.value()).attach(fanOut);
	}

	/**
	 * A snapshot for a connection of a {@link FrameFanOut} to start from (shared by every
	 * asker at its seq): read after the fan-out was attached, so no change falls between
	 * it and the frames.
	 */
	public Mono<Frame> snapshotToWatch(EventId eventId) {
		return catalog.setup(eventId).flatMap(setup -> {
			SeatFeed feed = feed(setup.event().id().value());
			return snapshots.sharedSnapshot(setup).map(snapshot -> {
				feed.baseline(snapshot.seq());
				return feed.snapshotFrame(snapshot.seq(), () -> snapshotFrame(snapshot));
			});
		});
	}

	/** Counts a connection given a fresh snapshot because it could not go on. */
	public void resynced() {
		resyncs.increment();
	}

	/** Completes if the event exists, fails with {@code EventNotFound} if not. */
	public Mono<Void> requireEvent(EventId eventId) {
		return catalog.setup(eventId).then();
	}

	private Frame snapshotFrame(SeatSnapshot snapshot) {
		return Frame.of(new SeatMessage.Snapshot(snapshot.seq(), snapshot.statuses()), json);
	}

	/**
	 * Snapshot and deltas until this subscriber overflows its buffer, the bus may have
	 * lost changes, or the deltas skip a seq (the feed gave up waiting for it); then the
	 * stream completes (and {@link #stream} starts over with a fresh snapshot), so no
	 * transport ever carries a gap to its client.
	 */
	private Flux<Frame> once(EventSetup setup) {
		// listen before reading the snapshot so no change falls between the two
		Sinks.Many<Frame> mine = Sinks.many()
			.unicast()
			.onBackpressureBuffer(new ArrayBlockingQueue<>(properties.subscriberBuffer()));
		AtomicBoolean over = new AtomicBoolean();
		Sinks.EmitFailureHandler retry = Sinks.EmitFailureHandler.busyLooping(Duration.ofMillis(100));
		SeatFeed feed = feed(setup.event().id().value());
		Disposable listening = feed.frames().subscribe(frame -> {
			if (mine.tryEmitNext(frame).isFailure() && over.compareAndSet(false, true)) {
				resyncs.increment();
				mine.emitComplete(retry);
			}
		});
		// from another thread than the frames: emit through the retrying handler
		Disposable resyncing = bus.resyncs().mergeWith(feed.startOvers()).subscribe(signal -> {
			if (over.compareAndSet(false, true)) {
				resyncs.increment();
				mine.emitComplete(retry);
			}
		});
		// at the seq read after listening, or later: every change before listening is in
		// it
		return snapshots.sharedSnapshot(setup)
			.doOnNext(snapshot -> feed.baseline(snapshot.seq()))
			.flatMapMany(
					snapshot -> Flux.concat(Mono.just(snapshotFrame(snapshot)), inOrder(mine.asFlux(), snapshot.seq())))
			.doFinally(signal -> {
				listening.dispose();
				resyncing.dispose();
			});
	}

	/**
	 * The frames after {@code seq}, ending at the first that does not continue from the
	 * last one sent.
	 */
	private Flux<Frame> inOrder(Flux<Frame> frames, long seq) {
		long[] last = { seq };
		// filter and takeWhile, not handle: with context-propagation on the class path
		// Reactor restores thread locals around every handle() signal, for every watcher
		return frames.filter(frame -> frame.seq() > last[0]).takeWhile(frame -> {
			if (frame.fromSeq() > last[0] + 1) {
				resyncs.increment();
				return false;
			}
			last[0] = frame.seq();
			return true;
		});
	}

	@PreDestroy
	void close() {
		fromBus.dispose();
		checking.dispose();
		losing.dispose();
	}

}
