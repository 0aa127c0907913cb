package dev.marquee.shared;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpStatus;

/**
 * A failure with a stable RFC 9457 problem type. Subclasses are named after the failure;
 * the {@code slug} ends the problem's {@code type} URI and never changes once published.
 */
public abstract class ProblemException extends RuntimeException {

	private final HttpStatus status;

	private final String slug;

	private final Map<String, Object> properties = new LinkedHashMap<>();

	protected ProblemException(HttpStatus status, String slug, String detail) {
		super(detail, null, false, false);
		this.status = status;
		this.slug = slug;
	}

	protected ProblemException with(String name, Object value) {
		properties.put(name, value);
		return this;
	}

	public HttpStatus status() {
		return status;
	}

	public String slug() {
		return slug;
	}

	public Map<String, Object> properties() {
		return Collections.unmodifiableMap(properties);
	}

}
