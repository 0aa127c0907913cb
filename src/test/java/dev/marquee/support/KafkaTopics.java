package dev.marquee.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads what a real broker holds, for tests that prove what reached a topic.
 */
public final class KafkaTopics {

	private KafkaTopics() {
	}

	/**
	 * Everything on the topic so far, read from the start by a consumer group of its own.
	 */
	public static List<ConsumerRecord<String, String>> everything(String bootstrapServers, String topic) {
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ConsumerConfig.GROUP_ID_CONFIG,
						"test-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
						ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
						ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
			consumer.subscribe(List.of(topic));
			List<ConsumerRecord<String, String>> records = new ArrayList<>();
			// empty polls count only once the group has its partitions, or a slow join
			// reads nothing
			long joinBy = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (consumer.assignment().isEmpty() && System.nanoTime() < joinBy) {
				consumer.poll(Duration.ofMillis(100)).forEach(records::add);
			}
			int emptyPolls = 0;
			while (emptyPolls < 3) {
				var batch = consumer.poll(Duration.ofMillis(500));
				if (batch.isEmpty()) {
					emptyPolls++;
				}
				batch.forEach(records::add);
			}
			return records;
		}
	}

}
