package dev.marquee.warmup;

import java.time.Duration;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The warm-up a node runs before it reports ready ({@link WarmUp}): at least
 * {@code minDuration}, then until the JIT compilers go quiet, at most
 * {@code maxDuration}.
 *
 * @param enabled whether a starting node warms up before it reports ready
 * @param minDuration the shortest warm-up
 * @param maxDuration the longest: the node reports ready then, warm or not
 * @param concurrency requests in flight at once during the warm-up
 */
@Validated
@ConfigurationProperties("marquee.warm-up")
public record WarmUpProperties(@DefaultValue("true") boolean enabled,
		@NotNull @DefaultValue("10s") Duration minDuration, @NotNull @DefaultValue("2m") Duration maxDuration,
		@Min(1) @Max(256) @DefaultValue("16") int concurrency) {

	@AssertTrue(message = "min-duration must not exceed max-duration")
	public boolean isMinWithinMax() {
		return minDuration == null || maxDuration == null || minDuration.compareTo(maxDuration) <= 0;
	}

}
