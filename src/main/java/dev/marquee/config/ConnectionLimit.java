package dev.marquee.config;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.management.UnixOperatingSystemMXBean;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Caps the connections one node keeps open on its HTTP port. Past the cap a new
 * connection is answered 503 (a problem, Retry-After) and closed, so a node full of
 * watchers still answers everyone else instead of running out of file descriptors and
 * silently accepting nothing. {@code marquee.server.max-connections}; 0 (the default)
 * means the process's open-file limit minus 1,024 kept for PostgreSQL, Redis, Kafka and
 * files.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ServerLimitProperties.class)
class ConnectionLimit {

	private static final byte[] REFUSAL = refusal();

	@Bean
	NettyServerCustomizer limitConnections(ServerLimitProperties limits, MeterRegistry meters) {
		int max = limits.maxConnections() > 0 ? limits.maxConnections() : defaultLimit();
		AtomicInteger open = new AtomicInteger();
		Gauge.builder("marquee.server.connections", open, AtomicInteger::get)
			.description("Open connections on the HTTP port of this node")
			.register(meters);
		Counter refused = Counter.builder("marquee.server.connections.refused")
			.description("Connections refused because the node was at marquee.server.max-connections")
			.register(meters);
		return server -> server.doOnChannelInit((observer, channel, address) -> {
			int now = open.incrementAndGet();
			channel.closeFuture().addListener(closed -> open.decrementAndGet());
			if (now > max) {
				refused.increment();
				channel.pipeline().addFirst("marquee.refuse", new Refuse());
			}
		});
	}

	private static int defaultLimit() {
		if (ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix) {
			long files = unix.getMaxFileDescriptorCount();
			return (int) Math.max(256, Math.min(Integer.MAX_VALUE, files - 1_024));
		}
		return Integer.MAX_VALUE;
	}

	private static byte[] refusal() {
		String body = "{\"type\":\"https://marquee.dev/problems/too-many-connections\",\"title\":\"Service Unavailable\","
				+ "\"status\":503,\"detail\":\"This server is at its connection limit; try again shortly.\"}";
		String response = "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/problem+json\r\nRetry-After: 5\r\n"
				+ "Connection: close\r\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n"
				+ body;
		return response.getBytes(StandardCharsets.UTF_8);
	}

	/** Answers 503 at once and closes; reads nothing. */
	static final class Refuse extends ChannelInboundHandlerAdapter {

		@Override
		public void channelActive(ChannelHandlerContext ctx) {
			ctx.writeAndFlush(Unpooled.wrappedBuffer(REFUSAL)).addListener(ChannelFutureListener.CLOSE);
		}

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) {
			ReferenceCountUtil.release(msg);
		}

	}

}
