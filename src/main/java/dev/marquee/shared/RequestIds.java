package dev.marquee.shared;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Every request gets a correlation id: the caller's {@code X-Request-Id} when it is a
 * sane one (a load balancer's), else a new one. It goes back in the response header, into
 * every problem body ({@code requestId}) and into the log lines about the request's
 * failure, so a buyer's error report can be found in the logs.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RequestIds implements WebFilter {

	public static final String HEADER = "X-Request-Id";

	static final String ATTRIBUTE = RequestIds.class.getName();

	private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String id = idFor(exchange.getRequest().getHeaders().getFirst(HEADER));
		exchange.getAttributes().put(ATTRIBUTE, id);
		exchange.getResponse().getHeaders().set(HEADER, id);
		return chain.filter(exchange);
	}

	/**
	 * The id of a request whose {@code X-Request-Id} header is {@code given} (null if
	 * absent): that, when it is a sane one, else a new one.
	 */
	public static String idFor(String given) {
		return given != null && SANE.matcher(given).matches() ? given : newId();
	}

	/**
	 * A random UUID-shaped id. A correlation id need not be unguessable, so it does not
	 * take {@link UUID#randomUUID()}'s SecureRandom, which serialises every request on
	 * one lock.
	 */
	private static String newId() {
		var random = ThreadLocalRandom.current();
		long high = (random.nextLong() & ~0xF000L) | 0x4000L;
		long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
		return new UUID(high, low).toString();
	}

	/** The request's correlation id, or {@code null} outside a request. */
	public static String of(ServerWebExchange exchange) {
		return exchange.getAttribute(ATTRIBUTE);
	}

}
