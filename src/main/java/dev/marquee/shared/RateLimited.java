package dev.marquee.shared;

import org.springframework.http.HttpStatus;

/**
 * Too many requests of one kind from one user or one address; try again after
 * {@code retryAfterSeconds} (also sent as the Retry-After header).
 */
public class RateLimited extends ProblemException {

	private final long retryAfterSeconds;

	public RateLimited(String action, String by, long limitPerMinute, long retryAfterSeconds) {
		super(HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "Too many " + action + " requests from this " + by
				+ " (at most " + limitPerMinute + " a minute); try again in " + retryAfterSeconds + " s.");
		this.retryAfterSeconds = retryAfterSeconds;
		with("retryAfterSeconds", retryAfterSeconds);
		with("limitPerMinute", limitPerMinute);
	}

	public long retryAfterSeconds() {
		return retryAfterSeconds;
	}

}
