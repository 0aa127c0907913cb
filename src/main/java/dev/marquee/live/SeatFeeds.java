package dev.marquee.live;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import tools.jackson.databind.json.JsonMapper;

import dev.marquee.catalog.CatalogManagement;
import dev.marquee.catalog.EventId;
import dev.marquee.catalog.EventSetup;
import dev.marquee.hold.HoldManagement;
import dev.marquee.hold.SeatSnapshot;

import org.springframework.stereotype.Service;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * The seat streams of every event on this node. Changes are batched per event ({@link Coalescer}),
 * each batch is serialized once, and the same bytes go to every subscriber of its event. A
 * subscriber gets a snapshot, then the deltas after it; one that falls more than
 * {@code marquee.live.subscriber-buffer} frames behind is given a fresh snapshot rather than an
 * ever-growing buffer, and so is every subscriber when the bus reports it may have lost changes
 * (it was unreachable and is back), and every subscriber of an event whose seq in Redis no longer
 * matches its feed (Redis lost the event, or the seq moved on without a change).
 */
@Service
public class SeatFeeds {

	private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(SeatFeeds.class);

	private final CatalogManagement catalog;

	private final HoldManagement holds;

	private final JsonMapper json;

	private final LiveProperties properties;

	private final Map<UUID, Feed> feeds = new ConcurrentHashMap<>();

	private final Disposable fromBus;

	private final Disposable checking;

	private final AtomicInteger subscribers = new AtomicInteger();

	private final Timer fanOutLag;

	private final Counter resyncs;

	private final Clock clock;

	private final SeatChangeBus bus;

	SeatFeeds(SeatChangeBus bus, CatalogManagement catalog, HoldManagement holds, JsonMapper json,
			LiveProperties properties, MeterRegistry meters, Clock clock) {
		this.catalog = catalog;
		this.holds = holds;
		this.json = json;
		this.properties = properties;
		this.clock = clock;
		this.bus = bus;
		Gauge.builder("marquee.live.subscribers", subscribers, AtomicInteger::get)
			.description("Open seat-stream subscriptions on this node (WebSocket and SSE)")
			.register(meters);
		this.fanOutLag = Timer.builder("marquee.live.fanout.lag")
			.description("From a seat change being made (on any node) to this node handing it to its subscribers")
			.publishPercentiles(0.5, 0.99)
			.register(meters);
		this.resyncs = Counter.builder("marquee.live.resyncs")
			.description("Subscribers given a fresh snapshot: they fell too far behind, or the bus may have lost changes")
			.register(meters);
		this.fromBus = bus.deltas().subscribe(this::fanOut);
		this.checking = Flux.interval(properties.seqCheckInterval())
			.onBackpressureDrop()
			.concatMap(tick -> Flux.fromIterable(feeds.entrySet())
				.filter(entry -> entry.getValue().frames.currentSubscriberCount() > 0)
				.concatMap(entry -> check(entry.getKey(), entry.getValue())))
			.subscribe();
	}

	/**
	 * Compares the event's seq in Redis with its feed's. Behind the feed, or gone: Redis lost the
	 * event (flushed, restarted, failed over), and the changes since are not all coming as deltas.
	 * Ahead of the feed twice running, at the same place: the seq moved on without a delta (a
	 * rebuild, or a change that was never announced). Either way the subscribers start over.
	 */
	private Mono<Void> check(UUID eventId, Feed feed) {
		long expected = feed.changes.expected();
		if (expected == Long.MIN_VALUE) {
			return Mono.empty();
		}
		return holds.seq(eventId).defaultIfEmpty(-1L).doOnNext(current -> {
			if (current < expected - 1) {
				startOver(eventId, feed, "went back to " + current);
			}
			else if (current == expected - 1) {
				feed.ahead = Long.MIN_VALUE;
			}
			else if (feed.ahead != Long.MIN_VALUE && feed.changes.expected() <= feed.ahead) {
				startOver(eventId, feed, "moved on to " + current + " without a change");
			}
			else {
				feed.ahead = current;
			}
		}).then().onErrorResume(ex -> Mono.empty()); // Redis unreachable: the next check will tell
	}

	private void startOver(UUID eventId, Feed feed, String why) {
		log.info("The seq of event {} {}; its subscribers start over from a snapshot", eventId, why);
		feed.ahead = Long.MIN_VALUE;
		// the subscribers' new snapshots tell the feed where it stands
		feed.changes.forget();
		feed.resyncs.tryEmitNext(1L);
	}

	/**
	 * A message ready to send: the seqs it covers ({@code fromSeq..seq}; a snapshot has
	 * {@code fromSeq} 0, it starts afresh), and its JSON as text and as UTF-8 bytes.
	 */
	public record Frame(long fromSeq, long seq, String text, byte[] bytes) {

		Frame(long fromSeq, long seq, String text) {
			this(fromSeq, seq, text, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
		}

	}

	record SnapshotMessage(String type, long seq, String statuses) {
	}

	/**
	 * A batch of changes, contiguous in seq (it carries every seq from {@code fromSeq} to
	 * {@code seq}): apply it if {@code fromSeq <= lastSeq + 1} and {@code seq > lastSeq}
	 * (statuses are absolute, so an overlap is harmless); anything else is a gap.
	 */
	record DeltaMessage(String type, long fromSeq, long seq, List<SeatDelta.Change> changes) {
	}

	/** One event's feed: changes in, coalesced and serialized once, frames out to every subscriber. */
	private final class Feed {

		final Sinks.Many<Frame> frames = Sinks.many().multicast().directBestEffort();

		/** Tells this event's subscribers to start over from a fresh snapshot; emitted by the seq check only. */
		final Sinks.Many<Long> resyncs = Sinks.many().multicast().directBestEffort();

		/** A seq Redis had at the last check that the feed had not reached then. */
		volatile long ahead = Long.MIN_VALUE;

		final Coalescer changes = new Coalescer(properties.coalesceWindow(), properties.reorderWait(),
				Schedulers.parallel(), batch -> frames.tryEmitNext(frame(coalesce(batch))));

	}

	/**
	 * Merges a batch (contiguous in seq, {@link Coalescer} sees to it) into one message: seq order,
	 * one entry per seat with its latest status.
	 */
	static DeltaMessage coalesce(List<SeatDelta> batch) {
		List<SeatDelta> ordered = batch.stream().sorted(java.util.Comparator.comparingLong(SeatDelta::seq)).toList();
		Map<String, SeatDelta.Change> latest = new java.util.LinkedHashMap<>();
		for (SeatDelta delta : ordered) {
			for (SeatDelta.Change change : delta.changes()) {
				latest.remove(change.seatId());
				latest.put(change.seatId(), change);
			}
		}
		return new DeltaMessage("seats", ordered.get(0).seq(), ordered.get(ordered.size() - 1).seq(),
				List.copyOf(latest.values()));
	}

	private Frame frame(DeltaMessage message) {
		return new Frame(message.fromSeq(), message.seq(), json.writeValueAsString(message));
	}

	private void fanOut(SeatDelta delta) {
		fanOutLag.record(Math.max(0, clock.millis() - delta.madeAtMillis()), TimeUnit.MILLISECONDS);
		Feed feed = feeds.get(delta.eventId());
		if (feed == null) {
			return;
		}
		if (feed.frames.currentSubscriberCount() > 0) {
			feed.changes.accept(delta);
		}
		else {
			// nobody sees this change: the feed's place in the sequence is lost with it
			feed.changes.forget();
		}
	}

	private Feed feed(UUID eventId) {
		return feeds.computeIfAbsent(eventId, id -> new Feed());
	}

	/**
	 * The stream of one event for one subscriber: snapshot, then deltas; a fresh snapshot
	 * whenever the subscriber fell too far behind. Fails with {@code EventNotFound} for an
	 * unknown event.
	 */
	public Flux<Frame> stream(EventId eventId) {
		return catalog.setup(eventId)
			.flatMapMany(setup -> Flux.defer(() -> once(setup)).repeat())
			.doOnSubscribe(subscription -> subscribers.incrementAndGet())
			.doFinally(signal -> subscribers.decrementAndGet());
	}

	/** Completes if the event exists, fails with {@code EventNotFound} if not. */
	public Mono<Void> requireEvent(EventId eventId) {
		return catalog.setup(eventId).then();
	}

	/** A snapshot of the event at its current seq (shared with every other asker at that seq), as a frame. */
	public Mono<Frame> snapshot(EventId eventId) {
		return catalog.setup(eventId).flatMap(holds::sharedSnapshot).map(this::snapshotFrame);
	}

	private Frame snapshotFrame(SeatSnapshot snapshot) {
		return new Frame(0, snapshot.seq(),
				json.writeValueAsString(new SnapshotMessage("snapshot", snapshot.seq(), snapshot.statuses())));
	}

	/**
	 * Snapshot and deltas until this subscriber overflows its buffer, the bus may have lost
	 * changes, or the deltas skip a seq (the feed gave up waiting for it); then the stream
	 * completes (and {@link #stream} starts over with a fresh snapshot), so no transport ever
	 * carries a gap to its client.
	 */
	private Flux<Frame> once(EventSetup setup) {
		// listen before reading the snapshot so no change falls between the two
		Sinks.Many<Frame> mine = Sinks.many().unicast()
			.onBackpressureBuffer(new java.util.concurrent.ArrayBlockingQueue<>(properties.subscriberBuffer()));
		AtomicBoolean over = new AtomicBoolean();
		Sinks.EmitFailureHandler retry = Sinks.EmitFailureHandler.busyLooping(Duration.ofMillis(100));
		Feed feed = feed(setup.event().id().value());
		Disposable listening = feed.frames.asFlux().subscribe(frame -> {
			if (mine.tryEmitNext(frame).isFailure() && over.compareAndSet(false, true)) {
				resyncs.increment();
				mine.emitComplete(retry);
			}
		});
		// from another thread than the frames: emit through the retrying handler
		Disposable resyncing = bus.resyncs().mergeWith(feed.resyncs.asFlux()).subscribe(signal -> {
			if (over.compareAndSet(false, true)) {
				resyncs.increment();
				mine.emitComplete(retry);
			}
		});
		// at the seq read after listening, or later: every change before listening is in it
		return holds.sharedSnapshot(setup)
			.doOnNext(snapshot -> feed.changes.baseline(snapshot.seq()))
			.flatMapMany(snapshot -> Flux.concat(Mono.just(snapshotFrame(snapshot)), inOrder(mine.asFlux(), snapshot.seq())))
			.doFinally(signal -> {
				listening.dispose();
				resyncing.dispose();
			});
	}

	/** The frames after {@code seq}, ending at the first that does not continue from the last one sent. */
	private Flux<Frame> inOrder(Flux<Frame> frames, long seq) {
		long[] last = { seq };
		return frames.handle((frame, sink) -> {
			if (frame.seq() <= last[0]) {
				return;
			}
			if (frame.fromSeq() > last[0] + 1) {
				resyncs.increment();
				sink.complete();
				return;
			}
			last[0] = frame.seq();
			sink.next(frame);
		});
	}

	@jakarta.annotation.PreDestroy
	void close() {
		fromBus.dispose();
		checking.dispose();
	}

}
