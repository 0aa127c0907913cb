package dev.marquee.config;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Caps request bodies at {@code marquee.server.max-request-body} (64 KB by default; a
 * hold is a few hundred bytes, the largest real body an event listing a few thousand
 * blocked seats). A body announced larger is refused without reading a byte of it, a
 * chunked one as soon as it grows past the cap: whoever reads it gets a
 * {@link DataBufferLimitException}, which WebFlux answers with a 413 problem. Spring's
 * codecs buffer at most 256 KB ({@code spring.codec.max-in-memory-size}) whatever this
 * says.
 */
@Component
@EnableConfigurationProperties(ServerLimitProperties.class)
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class RequestBodyLimit implements WebFilter {

	private final long max;

	RequestBodyLimit(ServerLimitProperties limits) {
		this.max = limits.maxRequestBody().toBytes();
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		long announced = request.getHeaders().getContentLength();
		// HTTP/1.1: no Content-Length and no Transfer-Encoding means no body (a GET, a
		// WebSocket upgrade)
		if (announced == 0 || announced < 0 && !request.getHeaders().containsHeader(HttpHeaders.TRANSFER_ENCODING)) {
			return chain.filter(exchange);
		}
		Flux<DataBuffer> body = announced > max ? Flux.error(tooLarge()) : capped(request.getBody());
		return chain.filter(exchange.mutate().request(new ServerHttpRequestDecorator(request) {

			@Override
			public Flux<DataBuffer> getBody() {
				return body;
			}

		}).build());
	}

	private Flux<DataBuffer> capped(Flux<DataBuffer> body) {
		return Flux.defer(() -> {
			long[] read = { 0 };
			return body.handle((buffer, sink) -> {
				read[0] += buffer.readableByteCount();
				if (read[0] > max) {
					DataBufferUtils.release(buffer);
					sink.error(tooLarge());
				}
				else {
					sink.next(buffer);
				}
			});
		});
	}

	private DataBufferLimitException tooLarge() {
		return new DataBufferLimitException("Request bodies are limited to " + max + " bytes");
	}

}
