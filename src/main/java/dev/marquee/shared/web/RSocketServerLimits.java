package dev.marquee.shared.web;

import java.net.InetSocketAddress;
import java.time.Duration;

import io.rsocket.core.RSocketServer;
import io.rsocket.transport.ServerTransport;
import io.rsocket.transport.netty.server.CloseableChannel;
import io.rsocket.transport.netty.server.TcpServerTransport;
import reactor.core.publisher.Mono;
import reactor.netty.tcp.TcpServer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.rsocket.autoconfigure.RSocketProperties;
import org.springframework.boot.rsocket.netty.NettyRSocketServer;
import org.springframework.boot.rsocket.server.RSocketServer.Transport;
import org.springframework.boot.rsocket.server.RSocketServerCustomizer;
import org.springframework.boot.rsocket.server.RSocketServerFactory;
import org.springframework.boot.web.server.Ssl;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * RSocket size limits ({@link RSocketLimitProperties}) on both transports: every server
 * (TCP, and the WebSocket one at {@code /rsocket}) caps reassembled payloads and closes
 * connections past the limit ({@link FrameBudget}), and fragments what it sends to that
 * size. The TCP server is built here rather than by Spring Boot, whose factory gives no
 * way to lower the transport's 16 MB frame limit (the frame decoder buffers a whole frame
 * before anyone sees it) nor to learn a connection's address: requests get it through
 * {@link RSocketClientAddress}.
 */
@Configuration(proxyBeanMethods = false)
class RSocketServerLimits {

	@Bean
	RSocketServerCustomizer rsocketSizeLimits(RSocketLimitProperties limits, RSocketProperties boot) {
		int mtu = boot.getServer().getFragmentSize() == null ? limits.mtu()
				: (int) Math.min(limits.mtu(), boot.getServer().getFragmentSize().toBytes());
		return server -> server.maxInboundPayloadSize(limits.maxFrameLength())
			.fragment(mtu)
			.interceptors(registry -> registry.forConnection(new FrameBudget(limits.maxFrameLength()))
				.forSocketAcceptor(RSocketClientAddress.interceptor()));
	}

	/** Spring Boot's TCP server, with the transport's frame limit lowered to ours. */
	@Bean
	@ConditionalOnProperty("spring.rsocket.server.port")
	RSocketServerFactory rsocketTcpServer(RSocketProperties boot, RSocketLimitProperties limits,
			ReactorResourceFactory resources, ObjectProvider<RSocketServerCustomizer> customizers) {
		RSocketProperties.Server settings = boot.getServer();
		if (Ssl.isEnabled(settings.getSsl())) {
			throw new IllegalStateException(
					"spring.rsocket.server.ssl is not supported: terminate TLS in front of Marquee");
		}
		if (settings.getTransport() != Transport.TCP) {
			throw new IllegalStateException(
					"spring.rsocket.server.transport must be tcp: WebSocket is served at /rsocket");
		}
		return acceptor -> {
			TcpServer tcp = TcpServer.create()
				.runOn(resources.getLoopResources())
				.bindAddress(() -> settings.getAddress() == null ? new InetSocketAddress(settings.getPort())
						: new InetSocketAddress(settings.getAddress(), settings.getPort()));
			RSocketServer server = RSocketServer.create(acceptor);
			customizers.orderedStream().forEach(customizer -> customizer.customize(server));
			return new NettyRSocketServer(
					server.bind(withClientAddress(TcpServerTransport.create(tcp, limits.maxFrameLength()))),
					Duration.ofSeconds(30));
		};
	}

	/**
	 * Accepts each connection with its peer's address in the context (no proxy speaks for
	 * TCP clients).
	 */
	private static ServerTransport<CloseableChannel> withClientAddress(TcpServerTransport tcp) {
		return new ServerTransport<>() {

			@Override
			public Mono<CloseableChannel> start(ConnectionAcceptor acceptor) {
				return tcp.start(connection -> acceptor.apply(connection)
					.contextWrite(RSocketClientAddress.of(connection.remoteAddress())));
			}

			@Override
			public int maxFrameLength() {
				return tcp.maxFrameLength();
			}

		};
	}

}
