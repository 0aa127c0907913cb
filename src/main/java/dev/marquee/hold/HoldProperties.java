package dev.marquee.hold;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the hold module.
 *
 * @param keyPrefix prefix of every Redis key Marquee writes (lets several deployments or
 * test runs share one Redis)
 * @param recordRetention how long a finished hold can still be looked up by its owner
 * @param sweepInterval how often the sweep releases holds whose expiry notification was
 * missed
 * @param paymentGrace how long after its countdown a hold whose payment is in flight is
 * kept before the sweep gives up on the payment
 * @param keyspaceNotifications whether to enable and listen to Redis expiry notifications
 */
@Validated
@ConfigurationProperties("marquee.hold")
public record HoldProperties(@NotNull @Pattern(regexp = "[A-Za-z0-9_.-]{1,32}") @DefaultValue("mq") String keyPrefix,
		@NotNull @DefaultValue("24h") Duration recordRetention, @NotNull @DefaultValue("2s") Duration sweepInterval,
		@NotNull @DefaultValue("60s") Duration paymentGrace, @DefaultValue("true") boolean keyspaceNotifications) {
}
