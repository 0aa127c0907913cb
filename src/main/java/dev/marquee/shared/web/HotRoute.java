package dev.marquee.shared.web;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.http.HttpMethod;
import reactor.core.publisher.Mono;

/**
 * A route {@link HotRoutes} serves straight from Reactor Netty, ahead of Spring WebFlux,
 * for the plain well-formed request of a route buyers call by the thousand a second. Its
 * answers are the controller's, byte for byte; every request it does not take (another
 * media type, a chunked body, no bearer token, a token it cannot verify) goes on to
 * Spring WebFlux as before.
 *
 * @param method the request method
 * @param template the path as the controller maps it, {@code {name}} for a path variable
 * (also the {@code uri} tag of {@code http.server.requests})
 * @param authenticated whether a verified bearer token is required (a request without one
 * is Spring Security's to refuse)
 * @param body whether the route reads a JSON body
 * @param handler what answers the request
 */
public record HotRoute(HttpMethod method, String template, boolean authenticated, boolean body, Handler handler) {

	/** Answers a request the route took. */
	@FunctionalInterface
	public interface Handler {

		Mono<HotAnswer> handle(HotRequest request);

	}

	/** A path variable: what the id types parse (anything else is not this route). */
	private static final String VARIABLE = "([A-Za-z0-9-]{1,64})";

	/** The raw request URI this route takes: its path exactly, no query string. */
	Pattern pattern() {
		StringBuilder regex = new StringBuilder();
		Matcher variables = Pattern.compile("\\{[A-Za-z]+}").matcher(template);
		int at = 0;
		while (variables.find()) {
			regex.append(Pattern.quote(template.substring(at, variables.start()))).append(VARIABLE);
			at = variables.end();
		}
		return Pattern.compile(regex.append(Pattern.quote(template.substring(at))).toString());
	}

	/** The names of the path variables, in order. */
	List<String> variables() {
		List<String> names = new ArrayList<>();
		Matcher variables = Pattern.compile("\\{([A-Za-z]+)}").matcher(template);
		while (variables.find()) {
			names.add(variables.group(1));
		}
		return names;
	}

}
