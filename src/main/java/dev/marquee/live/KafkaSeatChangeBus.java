package dev.marquee.live;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.kafka.receiver.KafkaReceiver;
import reactor.kafka.receiver.ReceiverOptions;
import reactor.kafka.sender.KafkaSender;
import reactor.kafka.sender.SenderOptions;
import reactor.kafka.sender.SenderRecord;
import tools.jackson.databind.json.JsonMapper;

import dev.marquee.queue.QueueAdvanced;
import dev.marquee.waitlist.WaitlistOffered;

import org.springframework.beans.factory.DisposableBean;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.retry.Retry;

/**
 * The bus between nodes: every node sends the changes it made (and the admitter its waiting-room
 * steps, marked by a header) to one Kafka topic, keyed by event id (so an event's changes stay in
 * order in one partition), and every node reads all of them
 * with a consumer group of its own, fanning them out to its subscribers. Uses reactor-kafka,
 * kept behind {@link SeatChangeBus} so it can be swapped.
 * <p>
 * The brokers may go away and come back. The consumer and producer reconnect by themselves
 * (changes sent meanwhile wait in the producer for {@code delivery.timeout.ms}, then are
 * dropped), so the bus probes the brokers every {@code probe-interval}: when they answer again
 * after they did not, or after a change failed to go out, it signals {@link #resyncs()} and
 * every subscriber starts over from a fresh snapshot rather than trusting a stream with holes.
 */
class KafkaSeatChangeBus implements SeatChangeBus, DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(KafkaSeatChangeBus.class);

	private final LiveProperties.Kafka settings;

	private final JsonMapper json;

	private final KafkaSender<String, String> sender;

	/** Header naming what a record carries; records without it are seat changes. */
	static final String KIND = "marquee-kind";

	private static final byte[] QUEUE = "queue".getBytes(java.nio.charset.StandardCharsets.UTF_8);

	private static final byte[] WAITLIST = "waitlist".getBytes(java.nio.charset.StandardCharsets.UTF_8);

	private final Sinks.Many<WaitlistOffered> receivedOffers = Sinks.many().multicast().directBestEffort();

	private final Sinks.Many<SeatDelta> received = Sinks.many().multicast().directBestEffort();

	private final Sinks.Many<QueueAdvanced> receivedAdvances = Sinks.many().multicast().directBestEffort();

	private final Disposable receiving;

	private volatile boolean assigned;

	private final AdminClient admin;

	private final Sinks.Many<Long> resyncs = Sinks.many().multicast().directBestEffort();

	/** Whether the brokers answered the last probe. */
	private volatile boolean reachable = true;

	/** A change failed to go out since the last resync. */
	private final java.util.concurrent.atomic.AtomicBoolean lost = new java.util.concurrent.atomic.AtomicBoolean();

	private final java.util.concurrent.atomic.AtomicLong outages = new java.util.concurrent.atomic.AtomicLong();

	private final Disposable probing;

	KafkaSeatChangeBus(LiveProperties.Kafka settings, JsonMapper json) {
		this.settings = settings;
		this.json = json;
		// one admin client for the topic and the probes; each call carries its own time limit
		this.admin = AdminClient.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers()));
		createTopic();
		this.sender = KafkaSender.create(SenderOptions.<String, String>create(Map.of(
				ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers(),
				ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
				ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
				ProducerConfig.LINGER_MS_CONFIG, 1,
				ProducerConfig.ACKS_CONFIG, "1",
				// a live change is worth little after a few seconds (subscribers resync instead), and
				// a publisher must never wait long for brokers that are gone
				ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000,
				ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
				ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000))
			.stopOnError(false));
		ReceiverOptions<String, String> receiverOptions = ReceiverOptions.<String, String>create(Map.of(
				ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers(),
				// a group of its own: every node reads every change
				ConsumerConfig.GROUP_ID_CONFIG, "marquee-live-" + UUID.randomUUID(),
				ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
				ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
				ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))
			.subscription(List.of(settings.topic()))
			.addAssignListener(partitions -> assigned = !partitions.isEmpty())
			.addRevokeListener(partitions -> assigned = false);
		this.receiving = KafkaReceiver.create(receiverOptions)
			.receiveAutoAck()
			.concatMap(batch -> batch)
			.retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(1)).maxBackoff(Duration.ofSeconds(30))
				.doBeforeRetry(signal -> log.warn("Kafka receiver failed ({}); reconnecting", signal.failure().toString())))
			.subscribe(record -> {
				try {
					var kind = record.headers().lastHeader(KIND);
					if (kind != null && java.util.Arrays.equals(kind.value(), QUEUE)) {
						receivedAdvances.tryEmitNext(json.readValue(record.value(), QueueAdvanced.class));
					}
					else if (kind != null && java.util.Arrays.equals(kind.value(), WAITLIST)) {
						receivedOffers.tryEmitNext(json.readValue(record.value(), WaitlistOffered.class));
					}
					else {
						received.tryEmitNext(json.readValue(record.value(), SeatDelta.class));
					}
				}
				catch (RuntimeException ex) {
					log.warn("Skipping unreadable record at offset {}: {}", record.offset(), ex.toString());
				}
			});
		this.probing = Flux.interval(settings.probeInterval())
			.onBackpressureDrop()
			.concatMap(tick -> probe())
			.subscribe();
	}

	/** Asks the brokers who they are; a transition back to reachable (or a lost change) signals a resync. */
	private Mono<Boolean> probe() {
		int timeout = (int) settings.probeInterval().toMillis();
		return Mono.fromCompletionStage(() -> admin.describeCluster(new DescribeClusterOptions().timeoutMs(timeout))
				.nodes()
				.toCompletionStage())
			.map(nodes -> !nodes.isEmpty())
			.onErrorReturn(false)
			.doOnNext(this::probed);
	}

	private void probed(boolean up) {
		boolean was = reachable;
		reachable = up;
		if (!up && was) {
			log.warn("Kafka brokers {} do not answer; live changes between nodes are on hold", settings.bootstrapServers());
		}
		else if (up && (!was || lost.get())) {
			lost.set(false);
			log.info("Kafka brokers answer again{}; subscribers resync", was ? " after a change failed to go out" : "");
			resyncs.tryEmitNext(outages.incrementAndGet());
		}
	}

	private void failed(String what, Throwable ex) {
		lost.set(true);
		log.warn("Could not publish {}: {}", what, ex.toString());
	}

	private void createTopic() {
		try {
			admin.createTopics(List.of(new NewTopic(settings.topic(), settings.partitions(), settings.replicationFactor())),
					new org.apache.kafka.clients.admin.CreateTopicsOptions().timeoutMs(30_000))
				.all()
				.get(30, java.util.concurrent.TimeUnit.SECONDS);
		}
		catch (java.util.concurrent.ExecutionException ex) {
			if (!(ex.getCause() instanceof TopicExistsException)) {
				log.warn("Could not create topic {} ({}); expecting it to exist", settings.topic(), ex.getCause().toString());
			}
		}
		catch (Exception ex) {
			log.warn("Could not create topic {} ({}); expecting it to exist", settings.topic(), ex.toString());
		}
	}

	/** Sends without waiting; a change that does not go out makes the next good probe signal a resync. */
	private void send(ProducerRecord<String, String> record,
			java.util.function.Supplier<String> what) {
		sender.send(Mono.just(SenderRecord.create(record, null))).subscribe(result -> {
			if (result.exception() != null) {
				failed(what.get(), result.exception());
			}
		}, ex -> failed(what.get(), ex));
	}

	@Override
	public void publish(SeatDelta delta) {
		send(new ProducerRecord<>(settings.topic(), delta.eventId().toString(), json.writeValueAsString(delta)),
				() -> "seat change " + delta.seq() + " of event " + delta.eventId());
	}

	@Override
	public void publish(QueueAdvanced advance) {
		var record = new ProducerRecord<>(settings.topic(), null,
				advance.eventId().toString(), json.writeValueAsString(advance),
				List.of(new org.apache.kafka.common.header.internals.RecordHeader(KIND, QUEUE)));
		send(record, () -> "queue step of event " + advance.eventId());
	}

	@Override
	public Flux<QueueAdvanced> advances() {
		return receivedAdvances.asFlux();
	}

	@Override
	public void publish(WaitlistOffered offer) {
		var record = new ProducerRecord<>(settings.topic(), null,
				offer.eventId().toString(), json.writeValueAsString(offer),
				List.of(new org.apache.kafka.common.header.internals.RecordHeader(KIND, WAITLIST)));
		send(record, () -> "waitlist offer of event " + offer.eventId());
	}

	@Override
	public Flux<WaitlistOffered> offers() {
		return receivedOffers.asFlux();
	}

	@Override
	public boolean connected() {
		return assigned && reachable;
	}

	@Override
	public Flux<Long> resyncs() {
		return resyncs.asFlux();
	}

	@Override
	public Flux<SeatDelta> deltas() {
		return received.asFlux();
	}

	@Override
	public void destroy() {
		probing.dispose();
		admin.close(Duration.ofSeconds(1));
		receiving.dispose();
		sender.close();
	}

}
