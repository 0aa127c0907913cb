package dev.marquee.live.web;

import java.net.SocketAddress;

import io.rsocket.core.RSocketServer;
import io.rsocket.transport.netty.WebsocketDuplexConnection;

import dev.marquee.shared.web.RSocketClientAddress;
import dev.marquee.shared.web.RSocketLimitProperties;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.reactor.netty.NettyRouteProvider;
import org.springframework.boot.rsocket.server.RSocketServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.rsocket.annotation.support.RSocketMessageHandler;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.WebsocketServerSpec;

/**
 * RSocket over WebSocket at {@code /rsocket} on the HTTP port, beside the TCP server on
 * {@code spring.rsocket.server.port}: the same routes, the same security (the server
 * customizers, among them Spring Security's interceptor and the size limits, apply to
 * both).
 */
@Configuration(proxyBeanMethods = false)
class RSocketWebSocketRoute {

	@Bean
	NettyRouteProvider rsocketOverWebSocket(RSocketMessageHandler handler,
			ObjectProvider<RSocketServerCustomizer> customizers, RSocketLimitProperties limits, Departure departure) {
		int maxFrameLength = limits.maxFrameLength();
		return routes -> routes.ws("/rsocket", (in, out) -> {
			RSocketServer server = RSocketServer.create(handler.responder());
			customizers.orderedStream().forEach(customizer -> customizer.customize(server));
			// the upgrade request's client address, as resolved from a trusted proxy's
			// X-Forwarded-For
			SocketAddress client = in instanceof HttpServerRequest request ? request.remoteAddress() : null;
			Connection connection = (Connection) in;
			return server.asConnectionAcceptor(maxFrameLength)
				.apply(new WebsocketDuplexConnection(connection))
				.contextWrite(RSocketClientAddress.of(client))
				// open until the client leaves (and then waits for the shutdown no
				// more), or until the node shuts down: then 1001, and the client
				// reconnects
				.then(Mono.firstWithSignal(connection.onDispose(), departure.departed()
					.then(Mono.defer(() -> out.sendClose(Departure.GOING_AWAY, Departure.REASON)))));
		}, WebsocketServerSpec.builder().maxFramePayloadLength(maxFrameLength).build());
	}

}
