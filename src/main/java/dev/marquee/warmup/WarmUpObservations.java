package dev.marquee.warmup;

import java.net.InetSocketAddress;

import io.micrometer.observation.ObservationPredicate;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;

/**
 * The warm-up's requests are not the node's traffic: they are left out of
 * {@code http.server.requests}, so a deployment does not show as a burst of 404s. Only
 * requests from the loopback carrying the warm-up's header, while it runs, are left out;
 * after it, the check is one volatile read per observation.
 */
@Configuration(proxyBeanMethods = false)
class WarmUpObservations {

	@Bean
	ObservationPredicate notTheWarmUp(WarmUp warmUp) {
		return (name, context) -> !(warmUp.warming() && context instanceof ServerRequestObservationContext request
				&& request.getCarrier().getHeaders().containsHeader(WarmUp.HEADER) && fromLoopback(request));
	}

	private static boolean fromLoopback(ServerRequestObservationContext request) {
		InetSocketAddress address = request.getCarrier().getRemoteAddress();
		return address != null && address.getAddress() != null && address.getAddress().isLoopbackAddress();
	}

}
