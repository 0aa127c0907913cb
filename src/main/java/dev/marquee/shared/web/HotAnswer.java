package dev.marquee.shared.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * What a {@link HotRoute} answers: a status, headers in the order the controller writes
 * them, and a body written as JSON.
 *
 * @param status the status
 * @param headers response headers ahead of {@code Content-Type}
 * @param body written as {@code application/json} (unless {@link #encoded} already)
 */
public record HotAnswer(HttpStatus status, List<Map.Entry<String, String>> headers, Object body) {

	public static HotAnswer of(HttpStatus status, Object body) {
		return new HotAnswer(status, List.of(), body);
	}

	/**
	 * An answer whose body is already JSON: the application's JSON mapper's bytes for the
	 * same value, kept by a route that answers the same value many times.
	 */
	public static HotAnswer encoded(HttpStatus status, byte[] json) {
		return encoded(status, json, MediaType.APPLICATION_JSON_VALUE);
	}

	/** An answer whose body is already JSON, of a JSON media type of its own. */
	public static HotAnswer encoded(HttpStatus status, byte[] json, String contentType) {
		return new HotAnswer(status, List.of(), new Encoded(json, contentType));
	}

	/** A body already written as JSON, and its media type. */
	record Encoded(byte[] json, String contentType) {
	}

	public HotAnswer header(String name, String value) {
		List<Map.Entry<String, String>> more = new ArrayList<>(headers);
		more.add(Map.entry(name, value));
		return new HotAnswer(status, List.copyOf(more), body);
	}

}
