package dev.marquee.shared.web;

import java.net.InetSocketAddress;
import java.util.List;

import reactor.netty.http.server.HttpServerRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.codec.DecodingException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.server.ServerWebInputException;

/**
 * A request a {@link HotRoute} took: its path variables, caller, headers and JSON body.
 */
public final class HotRequest {

	private final HttpServerRequest request;

	private final String[] values;

	private final List<String> variables;

	private final Jwt user;

	private final byte[] body;

	private final JsonMapper json;

	HotRequest(HttpServerRequest request, String[] values, List<String> variables, Jwt user, byte[] body,
			JsonMapper json) {
		this.request = request;
		this.values = values;
		this.variables = variables;
		this.user = user;
		this.body = body;
		this.json = json;
	}

	/** A path variable, by its name in the route's template. */
	public String variable(String name) {
		return values[variables.indexOf(name)];
	}

	/** The caller's verified token; null on a public route. */
	public Jwt user() {
		return user;
	}

	/** The first value of a request header, or null. */
	public String header(String name) {
		return request.requestHeaders().get(name);
	}

	/**
	 * The client's address, as Spring WebFlux would see it (from a trusted proxy's
	 * {@code X-Forwarded-For}, {@link ForwardedClientAddress}).
	 */
	public InetSocketAddress remoteAddress() {
		return request.remoteAddress();
	}

	/**
	 * The body read as {@code type} by the application's JSON mapper; fails as Spring
	 * WebFlux's {@code @RequestBody} does, so the problem is the same.
	 */
	public <T> T body(Class<T> type) {
		T value;
		try {
			value = json.readerFor(type).readValue(body);
		}
		catch (JacksonException ex) {
			throw new ServerWebInputException("Failed to read HTTP message", null,
					new DecodingException("JSON decoding error: " + ex.getOriginalMessage(), ex));
		}
		if (value == null) {
			throw new ServerWebInputException("No request body");
		}
		return value;
	}

}
