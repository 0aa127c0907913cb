package dev.marquee.outbox;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringSerializer;
import reactor.kafka.sender.KafkaSender;
import reactor.kafka.sender.SenderOptions;
import reactor.kafka.sender.SenderRecord;

import org.springframework.beans.factory.DisposableBean;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Order events to Kafka (reactor-kafka, behind {@link OrderEvents}): keyed by order id,
 * with the outbox id and the event type as headers, from an idempotent producer that
 * waits for all in-sync replicas.
 */
class KafkaOrderEvents implements OrderEvents, DisposableBean {

	static final String OUTBOX_ID = "marquee-outbox-id";

	static final String TYPE = "marquee-type";

	private final KafkaSender<String, String> sender;

	private final String topic;

	KafkaOrderEvents(OutboxProperties properties) {
		this.topic = properties.topic();
		this.sender = KafkaSender
			.create(SenderOptions.<String, String>create(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
					properties.bootstrapServers(), ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
					ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class, ProducerConfig.ACKS_CONFIG,
					"all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
					(int) properties.sendTimeout().toMillis(), ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
					(int) Math.min(10_000, properties.sendTimeout().toMillis()), ProducerConfig.MAX_BLOCK_MS_CONFIG,
					properties.sendTimeout().toMillis(), ProducerConfig.LINGER_MS_CONFIG, 0))
				.stopOnError(true));
	}

	@Override
	public Mono<Void> send(List<OutboxEvent> events) {
		return sender
			.send(Flux.fromIterable(events)
				.map(event -> SenderRecord.create(new ProducerRecord<>(topic, null, event.orderId(), event.payload(),
						List.of(new RecordHeader(OUTBOX_ID,
								String.valueOf(event.id()).getBytes(StandardCharsets.UTF_8)),
								new RecordHeader(TYPE, event.type().getBytes(StandardCharsets.UTF_8)))),
						event.id())))
			.then();
	}

	@Override
	public void destroy() {
		sender.close();
	}

}
