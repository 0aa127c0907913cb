package dev.marquee.security;

import java.net.URI;

import tools.jackson.databind.json.JsonMapper;

import dev.marquee.shared.Problems;
import dev.marquee.shared.RequestIds;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The problem bodies security writes itself (401, 403, a request the firewall refused):
 * they are decided in the filter chain, before any controller advice could answer.
 */
final class SecurityProblems {

	private SecurityProblems() {
	}

	static Mono<Void> write(ServerWebExchange exchange, JsonMapper json, HttpStatus status, String slug,
			String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(Problems.type(slug));
		problem.setTitle(status.getReasonPhrase());
		try {
			problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
		}
		catch (IllegalArgumentException ex) {
			// a path that is no valid URI (which may be why it was refused) has no
			// instance
		}
		String requestId = RequestIds.of(exchange);
		if (requestId != null) {
			problem.setProperty("requestId", requestId);
		}
		var response = exchange.getResponse();
		response.setStatusCode(status);
		response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		if (status == HttpStatus.UNAUTHORIZED) {
			response.getHeaders().set("WWW-Authenticate", "Bearer");
		}
		DataBuffer body = response.bufferFactory().wrap(json.writeValueAsBytes(problem));
		return response.writeWith(Mono.just(body));
	}

}
