package dev.marquee.shared.web;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Rate limits on the requests worth abusing: joining a waiting room and placing holds
 * (over HTTP and RSocket). Limits are per node (several nodes allow their sum); behind a
 * load balancer list it in {@code marquee.server.trusted-proxies} so the address is the
 * client's, not the balancer's ({@link TrustedProxies}).
 *
 * @param enabled whether limits apply at all
 * @param joinsPerUserPerMinute queue joins one user may make a minute (a join is
 * idempotent; this only stops hammering)
 * @param joinsPerAddressPerMinute queue joins from one IP address a minute
 * @param holdsPerUserPerMinute hold requests one user may make a minute
 * @param holdsPerAddressPerMinute hold requests from one IP address a minute
 */
@Validated
@ConfigurationProperties("marquee.rate-limit")
public record RateLimitProperties(@DefaultValue("true") boolean enabled,
		@Min(1) @DefaultValue("30") long joinsPerUserPerMinute,
		@Min(1) @DefaultValue("6000") long joinsPerAddressPerMinute,
		@Min(1) @DefaultValue("60") long holdsPerUserPerMinute,
		@Min(1) @DefaultValue("6000") long holdsPerAddressPerMinute) {
}
