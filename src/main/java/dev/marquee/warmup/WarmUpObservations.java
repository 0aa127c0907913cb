package dev.marquee.warmup;

import java.net.InetSocketAddress;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationPredicate;
import io.micrometer.observation.transport.RequestReplyReceiverContext;
import reactor.netty.http.server.HttpServerRequest;

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
		return (name, context) -> !(warmUp.warming() && isWarmUp(context));
	}

	private static boolean isWarmUp(Observation.Context context) {
		if (context instanceof ServerRequestObservationContext request) {
			return request.getCarrier().getHeaders().containsHeader(WarmUp.HEADER)
					&& fromLoopback(request.getCarrier().getRemoteAddress());
		}
		// a request a hot route answered, ahead of Spring WebFlux (shared.web.HotRoutes)
		if (context instanceof RequestReplyReceiverContext<?, ?> received
				&& received.getCarrier() instanceof HttpServerRequest request) {
			return request.requestHeaders().contains(WarmUp.HEADER) && fromLoopback(request.remoteAddress());
		}
		return false;
	}

	private static boolean fromLoopback(InetSocketAddress address) {
		return address != null && address.getAddress() != null && address.getAddress().isLoopbackAddress();
	}

}
