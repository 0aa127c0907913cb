package dev.marquee.pricing;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of dynamic prices.
 *
 * @param refreshInterval how often a node reads again the price rules changed on any node
 * (a new, replaced or deleted rule prices new holds on every node within it)
 */
@Validated
@ConfigurationProperties("marquee.pricing")
public record PricingProperties(@NotNull @DefaultValue("2s") Duration refreshInterval) {

	/**
	 * {@link #refreshInterval()} for {@code @Scheduled}, read from this record's bean.
	 */
	static final String REFRESH_INTERVAL = "#{@'marquee.pricing-dev.marquee.pricing.PricingProperties'.refreshInterval()}";

}
