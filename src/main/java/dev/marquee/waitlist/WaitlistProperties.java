package dev.marquee.waitlist;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the waitlist.
 *
 * @param keyPrefix prefix of the waitlist's Redis keys (the same as the holds' by
 * default)
 * @param offerWindow how long an offered hold lasts before the offer moves on
 * @param scanLimit how many waiters of a section are considered each time seats come free
 */
@Validated
@ConfigurationProperties("marquee.waitlist")
public record WaitlistProperties(
		@NotNull @Pattern(regexp = "[A-Za-z0-9_.-]{1,32}") @DefaultValue("mq") String keyPrefix,
		@NotNull @DefaultValue("5m") Duration offerWindow, @Min(1) @DefaultValue("100") int scanLimit) {
}
