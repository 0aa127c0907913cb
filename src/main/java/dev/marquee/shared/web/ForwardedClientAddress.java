package dev.marquee.shared.web;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.server.adapter.ForwardedHeaderTransformer;

/**
 * The client address of an HTTP request (what rate limits, the access log and RSocket
 * over WebSocket see) is resolved once, by Reactor Netty, from {@code X-Forwarded-For}
 * only when the peer is a trusted proxy ({@link TrustedProxies}). Spring's
 * forwarded-header support ({@code server.forward-headers-strategy}) would believe any
 * peer's {@code Forwarded} or {@code X-Forwarded-For}, and cannot be limited to trusted
 * proxies; so the strategy is replaced: these headers are only removed, and scheme and
 * host stay those of the connection.
 */
@Configuration(proxyBeanMethods = false)
class ForwardedClientAddress {

	@Bean
	NettyServerCustomizer clientAddressFromTrustedProxies(TrustedProxies proxies) {
		return server -> server.forwarded((connection, request) -> {
			var peer = connection.getRemoteAddress();
			var client = proxies.clientAddress(peer, String.join(",", request.headers().getAll("X-Forwarded-For")));
			return client == peer ? connection : connection.withRemoteAddress(client);
		});
	}

	/**
	 * Takes the place of the one {@code server.forward-headers-strategy=framework} would
	 * add.
	 */
	@Bean
	ForwardedHeaderTransformer forwardedHeaderTransformer() {
		ForwardedHeaderTransformer removeOnly = new ForwardedHeaderTransformer();
		removeOnly.setRemoveOnly(true);
		return removeOnly;
	}

}
