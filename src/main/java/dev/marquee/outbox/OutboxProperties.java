package dev.marquee.outbox;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The outbox relay: order events (confirmed, cancelled, ticket transferred) written with
 * each change go to a Kafka topic for downstream systems.
 *
 * @param bootstrapServers Kafka brokers; empty leaves the rows in the outbox, unrelayed
 * @param topic where order events go, keyed by order id (one order's events stay in
 * order)
 * @param interval how often the relay looks for new rows
 * @param batch rows relayed per round
 * @param sendTimeout how long a round waits for the broker before giving up (the rows
 * stay and go out in a later round)
 */
@Validated
@ConfigurationProperties("marquee.outbox")
public record OutboxProperties(@DefaultValue("") String bootstrapServers,
		@NotNull @DefaultValue("marquee.orders") String topic, @NotNull @DefaultValue("1s") Duration interval,
		@Min(1) @DefaultValue("200") int batch, @NotNull @DefaultValue("30s") Duration sendTimeout) {

	/**
	 * {@link #interval()} for {@code @Scheduled}: read from this record's bean, so its
	 * default is written once.
	 */
	static final String INTERVAL = "#{@'marquee.outbox-dev.marquee.outbox.OutboxProperties'.interval()}";

}
