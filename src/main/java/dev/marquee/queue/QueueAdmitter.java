package dev.marquee.queue;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.marquee.catalog.CatalogManagement;
import dev.marquee.catalog.Event;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Lets buyers in. On every tick the node holding the admitter lease (a Redis key with a short
 * expiry, renewed each tick) opens the queues whose sale has opened and moves "now serving" on
 * at each event's admission rate, publishing {@link QueueAdvanced} for every step. When that node
 * stops it gives the lease up; when it dies the lease runs out and another node's next tick
 * takes over. The step itself is one Lua script computed from stored state, so even two nodes
 * admitting at once cannot skip a number or admit one twice.
 */
@Component
public class QueueAdmitter implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(QueueAdmitter.class);

	private static final SecureRandom RANDOM = new SecureRandom();

	private final QueueScripts scripts;

	private final CatalogManagement catalog;

	private final ApplicationEventPublisher events;

	private final QueueProperties properties;

	private final java.time.Clock clock;

	private final String node = UUID.randomUUID().toString();

	private final Map<UUID, Long> waiting = new ConcurrentHashMap<>();

	private final Map<UUID, Long> serving = new ConcurrentHashMap<>();

	private final Counter admitted;

	private volatile boolean running;

	QueueAdmitter(QueueScripts scripts, CatalogManagement catalog, ApplicationEventPublisher events,
			QueueProperties properties, java.time.Clock clock, MeterRegistry meters) {
		this.scripts = scripts;
		this.catalog = catalog;
		this.events = events;
		this.properties = properties;
		this.clock = clock;
		this.admitted = Counter.builder("marquee.queue.admitted")
			.description("Buyers let in from the waiting rooms by this node")
			.register(meters);
		Gauge.builder("marquee.queue.waiting", waiting, w -> w.values().stream().mapToLong(Long::longValue).sum())
			.description("Buyers waiting in the waiting rooms, as last seen by the admitter on this node")
			.register(meters);
	}

	/** This node's id, as the lease and the admission steps record it. */
	String node() {
		return node;
	}

	@Scheduled(fixedDelayString = "${marquee.queue.tick:1s}", initialDelayString = "${marquee.queue.tick:1s}")
	Mono<Void> scheduledTick() {
		// the scheduler calls this once and subscribes to the answer on every tick: keep it lazy
		return Mono.defer(this::tick).onErrorResume(ex -> {
			log.warn("Queue admitter tick failed: {}", ex.toString());
			return Mono.empty();
		}).then();
	}

	/** One tick: answers whether this node held the lease and admitted. */
	public Mono<Boolean> tick() {
		if (!running) {
			return Mono.just(false);
		}
		return scripts
			.runLong(scripts.lease, List.of(scripts.admitterLease()),
					List.of(node, String.valueOf(properties.lease().toMillis())))
			.flatMap(held -> {
				if (held != 1) {
					waiting.clear();
					serving.clear();
					return Mono.just(false);
				}
				Instant now = clock.instant();
				return catalog.events()
					.filter(event -> event.queueEnabled() && now.isBefore(event.startsAt()))
					.concatMap(event -> advance(event, now))
					.then(Mono.just(true));
			});
	}

	private Mono<Void> advance(Event event, Instant now) {
		UUID id = event.id().value();
		String seed = HexFormat.of().formatHex(randomBytes());
		long expireAt = event.startsAt().plus(properties.retention()).getEpochSecond();
		long maxBurst = Math.max(1, (long) event.admitPerMinute() * properties.maxCatchUpSeconds() / 60);
		List<String> args = List.of(String.valueOf(now.toEpochMilli()), String.valueOf(event.admitPerMinute()),
				String.valueOf(event.onSaleAt().toEpochMilli()), seed, String.valueOf(expireAt),
				String.valueOf(maxBurst), node);
		return scripts.run(scripts.advance, List.of(scripts.state(id), scripts.advances(id)), args)
			.doOnNext(result -> {
				String outcome = result.get(0);
				if ("CLOSED".equals(outcome)) {
					return;
				}
				QueueState state = new QueueState(true, Long.parseLong(result.get(1)), result.get(2),
						Long.parseLong(result.get(3)));
				long total = Long.parseLong(result.get(4));
				waiting.put(id, total - state.serving());
				Long before = serving.put(id, state.serving());
				if ("OPENED".equals(outcome) || "ADVANCED".equals(outcome)) {
					if ("OPENED".equals(outcome)) {
						log.info("Waiting room of event {} opened with {} early joiners", id, state.earlyCount());
					}
					else if (before != null) {
						admitted.increment(Math.max(0, state.serving() - before));
					}
					events.publishEvent(new QueueAdvanced(id, state, now.toEpochMilli(), event.admitPerMinute()));
				}
			})
			.then();
	}

	private static byte[] randomBytes() {
		byte[] bytes = new byte[16];
		RANDOM.nextBytes(bytes);
		return bytes;
	}

	@Override
	public void start() {
		running = true;
	}

	@Override
	public void stop(Runnable callback) {
		running = false;
		scripts.runLong(scripts.releaseLease, List.of(scripts.admitterLease()), List.of(node))
			.onErrorResume(ex -> Mono.empty())
			.doFinally(signal -> callback.run())
			.subscribe();
	}

	@Override
	public void stop() {
		stop(() -> {
		});
	}

	@Override
	public boolean isRunning() {
		return running;
	}

}
