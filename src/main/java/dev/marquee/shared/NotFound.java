package dev.marquee.shared;

import org.springframework.http.HttpStatus;

/**
 * A resource that does not exist, or that the caller may not see (which reads the same).
 */
public class NotFound extends ProblemException {

	public NotFound(String slug, String detail) {
		super(HttpStatus.NOT_FOUND, slug, detail);
	}

}
