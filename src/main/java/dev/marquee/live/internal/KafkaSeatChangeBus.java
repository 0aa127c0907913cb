package dev.marquee.live.internal;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.kafka.receiver.KafkaReceiver;
import reactor.kafka.receiver.ReceiverPartition;
import reactor.kafka.receiver.ReceiverOptions;
import reactor.kafka.sender.KafkaSender;
import reactor.kafka.sender.SenderOptions;
import reactor.kafka.sender.SenderRecord;
import tools.jackson.databind.json.JsonMapper;

import dev.marquee.live.LiveProperties;
import dev.marquee.queue.QueueAdvanced;
import dev.marquee.waitlist.WaitlistOffered;

import org.springframework.beans.factory.DisposableBean;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.retry.Retry;

/**
 * The bus between nodes: every node sends the changes it made (and the admitter its
 * waiting-room steps, the matcher its waitlist offers, each marked by its
 * {@link RecordKind}) to one Kafka topic, keyed by event id (so an event's changes stay
 * in order in one partition), and every node reads all of them with a consumer group of
 * its own, fanning them out to its subscribers. Uses reactor-kafka, kept behind
 * {@link SeatChangeBus} so it can be swapped. The brokers may go away and come back:
 * {@link KafkaBrokerWatch} notices, and tells the subscribers to resync; so does the
 * consumer each time it is given its partitions.
 */
class KafkaSeatChangeBus implements SeatChangeBus, DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(KafkaSeatChangeBus.class);

	private final LiveProperties.Kafka settings;

	private final JsonMapper json;

	private final KafkaBrokerWatch brokers;

	private final KafkaSender<String, String> sender;

	private final Sinks.Many<SeatDelta> received = Sinks.many().multicast().directBestEffort();

	private final Sinks.Many<QueueAdvanced> receivedAdvances = Sinks.many().multicast().directBestEffort();

	private final Sinks.Many<WaitlistOffered> receivedOffers = Sinks.many().multicast().directBestEffort();

	private final Disposable receiving;

	private volatile boolean assigned;

	private final BusTracing tracing;

	KafkaSeatChangeBus(LiveProperties.Kafka settings, JsonMapper json) {
		this(settings, json, BusTracing.NONE);
	}

	KafkaSeatChangeBus(LiveProperties.Kafka settings, JsonMapper json, BusTracing tracing) {
		this.settings = settings;
		this.json = json;
		this.tracing = tracing;
		this.brokers = new KafkaBrokerWatch(settings, () -> assigned);
		this.sender = KafkaSender
			.create(SenderOptions.<String, String>create(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
					settings.bootstrapServers(), ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
					ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
					ProducerConfig.LINGER_MS_CONFIG, 1, ProducerConfig.ACKS_CONFIG, "1",
					// a live change is worth little after a few seconds (subscribers
					// resync instead), and a publisher must never wait long for brokers
					// that are gone
					ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
					ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000))
				.stopOnError(false));
		ReceiverOptions<String, String> receiverOptions = ReceiverOptions
			.<String, String>create(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers(),
					// a group of its own: every node reads every change
					ConsumerConfig.GROUP_ID_CONFIG, "marquee-live-" + UUID.randomUUID(),
					ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest", ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
					StringDeserializer.class, ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))
			.subscription(List.of(settings.topic()))
			.addAssignListener(this::assigned)
			.addRevokeListener(partitions -> assigned = false);
		this.receiving = KafkaReceiver.create(receiverOptions)
			.receiveAutoAck()
			.concatMap(batch -> batch)
			.retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(1))
				.maxBackoff(Duration.ofSeconds(30))
				.doBeforeRetry(
						signal -> log.warn("Kafka receiver failed ({}); reconnecting", signal.failure().toString())))
			.subscribe(this::receive);
	}

	/**
	 * The consumer has (new) partitions. Without a committed offset it starts at the end
	 * of each, so whatever was sent before it had them (while the node started, or while
	 * the group re-formed after the brokers came back) is never read: its positions are
	 * fixed here, and then subscribers resync from a snapshot, which holds all that.
	 */
	private void assigned(Collection<ReceiverPartition> partitions) {
		partitions.forEach(ReceiverPartition::position);
		assigned = !partitions.isEmpty();
		if (assigned) {
			brokers.resync("the consumer has its partitions");
		}
	}

	private void receive(ConsumerRecord<String, String> record) {
		tracing.received(record.headers(), () -> read(record));
	}

	private void read(ConsumerRecord<String, String> record) {
		try {
			switch (RecordKind.of(record.headers())) {
				case SEATS -> {
					SeatDelta delta = json.readValue(record.value(), SeatDelta.class);
					log.debug("Seat change {} of event {} received", delta.seq(), delta.eventId());
					received.tryEmitNext(delta);
				}
				case QUEUE -> receivedAdvances.tryEmitNext(json.readValue(record.value(), QueueAdvanced.class));
				case WAITLIST -> receivedOffers.tryEmitNext(json.readValue(record.value(), WaitlistOffered.class));
			}
		}
		catch (RuntimeException ex) {
			log.warn("Skipping unreadable record at offset {}: {}", record.offset(), ex.toString());
		}
	}

	/**
	 * Sends keyed by event id, without waiting; a change that does not go out makes the
	 * next good probe signal a resync.
	 */
	private void send(RecordKind kind, String eventId, Object value, Supplier<String> what) {
		var record = new ProducerRecord<>(settings.topic(), null, eventId, json.writeValueAsString(value),
				tracing.with(kind.headers()));
		if (log.isDebugEnabled()) {
			log.debug("Sending {}", what.get());
		}
		sender.send(Mono.just(SenderRecord.create(record, null))).subscribe(result -> {
			if (result.exception() != null) {
				brokers.failed(what.get(), result.exception());
			}
		}, ex -> brokers.failed(what.get(), ex));
	}

	@Override
	public void publish(SeatDelta delta) {
		send(RecordKind.SEATS, delta.eventId().toString(), delta,
				() -> "seat change " + delta.seq() + " of event " + delta.eventId());
	}

	@Override
	public Flux<SeatDelta> deltas() {
		return received.asFlux();
	}

	@Override
	public void publish(QueueAdvanced advance) {
		send(RecordKind.QUEUE, advance.eventId().toString(), advance, () -> "queue step of event " + advance.eventId());
	}

	@Override
	public Flux<QueueAdvanced> advances() {
		return receivedAdvances.asFlux();
	}

	@Override
	public void publish(WaitlistOffered offer) {
		send(RecordKind.WAITLIST, offer.eventId().toString(), offer,
				() -> "waitlist offer of event " + offer.eventId());
	}

	@Override
	public Flux<WaitlistOffered> offers() {
		return receivedOffers.asFlux();
	}

	@Override
	public boolean connected() {
		return assigned && brokers.reachable();
	}

	@Override
	public Flux<Long> resyncs() {
		return brokers.resyncs();
	}

	@Override
	public void destroy() {
		brokers.close();
		receiving.dispose();
		sender.close();
	}

}
