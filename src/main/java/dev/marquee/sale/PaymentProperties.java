package dev.marquee.sale;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of payments.
 *
 * @param latency how long the simulated gateway takes to answer an ordinary charge
 * @param slowLatency how long it takes for the {@code tok_slow} token
 * @param timeout how long a purchase waits for the gateway before refunding and failing
 * @param recoveryAfter how old a charged purchase without an order must be before the recovery
 * job refunds it (a node died mid-purchase)
 */
@Validated
@ConfigurationProperties("marquee.payment")
public record PaymentProperties(@NotNull @DefaultValue("20ms") Duration latency,
		@NotNull @DefaultValue("5s") Duration slowLatency, @NotNull @DefaultValue("30s") Duration timeout,
		@NotNull @DefaultValue("2m") Duration recoveryAfter) {
}
