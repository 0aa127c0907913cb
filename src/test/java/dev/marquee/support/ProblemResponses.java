package dev.marquee.support;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Asserts that an answer is the RFC 9457 problem the API documents: its status, the
 * {@code application/problem+json} type, {@code type} naming the slug and {@code status}
 * repeating the status. Answers the body for the test's further checks.
 */
public final class ProblemResponses {

	private ProblemResponses() {
	}

	public static WebTestClient.BodyContentSpec problem(WebTestClient.ResponseSpec response, int status, String slug) {
		return response.expectStatus()
			.isEqualTo(status)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://marquee.dev/problems/" + slug)
			.jsonPath("$.status")
			.isEqualTo(status);
	}

	public static WebTestClient.BodyContentSpec problem(WebTestClient.ResponseSpec response, HttpStatus status,
			String slug) {
		return problem(response, status.value(), slug);
	}

}
