package dev.marquee.live;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the live seat streams.
 *
 * @param subscriberBuffer how many frames a subscriber may fall behind before it is given a
 * fresh snapshot instead
 * @param heartbeat how often an idle stream is pinged, so dead connections are noticed
 */
@Validated
@ConfigurationProperties("marquee.live")
public record LiveProperties(@Min(8) @DefaultValue("256") int subscriberBuffer,
		@NotNull @DefaultValue("25s") Duration heartbeat) {
}
