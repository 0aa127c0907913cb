package dev.marquee.config;

import reactor.netty.http.server.logging.AccessLog;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * One access-log line per request (logger {@code reactor.netty.http.server.AccessLog})
 * with the request's correlation id, so every request can be followed from the load
 * balancer to a problem body; with {@code logging.structured.format.console=ecs} each
 * line is JSON. On when {@code marquee.access-log.enabled} is true (off by default: a
 * line per request costs CPU on the hot path).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "marquee.access-log.enabled", havingValue = "true")
class AccessLogging {

	@Bean
	NettyServerCustomizer accessLog() {
		return server -> server.accessLog(true,
				args -> AccessLog.create("requestId={} method={} uri={} status={} durationMs={} bytes={} remote={}",
						args.responseHeader("X-Request-Id"), args.method(), args.uri(), args.status(), args.duration(),
						args.contentLength(), args.remoteAddress()));
	}

}
