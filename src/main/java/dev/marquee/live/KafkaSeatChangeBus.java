package dev.marquee.live;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
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

	KafkaSeatChangeBus(LiveProperties.Kafka settings, JsonMapper json) {
		this.settings = settings;
		this.json = json;
		createTopic();
		this.sender = KafkaSender.create(SenderOptions.<String, String>create(Map.of(
				ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers(),
				ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
				ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
				ProducerConfig.LINGER_MS_CONFIG, 1,
				ProducerConfig.ACKS_CONFIG, "1"))
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
	}

	private void createTopic() {
		try (AdminClient admin = AdminClient.create(
				Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers()))) {
			admin.createTopics(List.of(new NewTopic(settings.topic(), settings.partitions(), settings.replicationFactor())))
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

	@Override
	public void publish(SeatDelta delta) {
		String text = json.writeValueAsString(delta);
		sender.send(Mono.just(SenderRecord.create(settings.topic(), null, null, delta.eventId().toString(), text, null)))
			.doOnError(ex -> log.warn("Could not publish seat change {} of event {}: {}", delta.seq(), delta.eventId(),
					ex.toString()))
			.subscribe();
	}

	@Override
	public void publish(QueueAdvanced advance) {
		var record = new org.apache.kafka.clients.producer.ProducerRecord<>(settings.topic(), null,
				advance.eventId().toString(), json.writeValueAsString(advance),
				List.of(new org.apache.kafka.common.header.internals.RecordHeader(KIND, QUEUE)));
		sender.send(Mono.just(SenderRecord.create(record, null)))
			.doOnError(ex -> log.warn("Could not publish queue step of event {}: {}", advance.eventId(), ex.toString()))
			.subscribe();
	}

	@Override
	public Flux<QueueAdvanced> advances() {
		return receivedAdvances.asFlux();
	}

	@Override
	public void publish(WaitlistOffered offer) {
		var record = new org.apache.kafka.clients.producer.ProducerRecord<>(settings.topic(), null,
				offer.eventId().toString(), json.writeValueAsString(offer),
				List.of(new org.apache.kafka.common.header.internals.RecordHeader(KIND, WAITLIST)));
		sender.send(Mono.just(SenderRecord.create(record, null)))
			.doOnError(ex -> log.warn("Could not publish waitlist offer of event {}: {}", offer.eventId(), ex.toString()))
			.subscribe();
	}

	@Override
	public Flux<WaitlistOffered> offers() {
		return receivedOffers.asFlux();
	}

	@Override
	public boolean connected() {
		return assigned;
	}

	@Override
	public Flux<SeatDelta> deltas() {
		return received.asFlux();
	}

	@Override
	public void destroy() {
		receiving.dispose();
		sender.close();
	}

}
