package dev.marquee.shared.web;

import io.rsocket.exceptions.ApplicationErrorException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.messaging.handler.annotation.MessageExceptionHandler;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import reactor.core.publisher.Mono;

/**
 * RSocket routes fail the way HTTP does: an application error whose message is the same
 * problem JSON an HTTP client would get.
 */
@ControllerAdvice
class RSocketProblemHandling {

	private final JsonMapper json;

	RSocketProblemHandling(JsonMapper json) {
		this.json = json;
	}

	@MessageExceptionHandler
	Mono<Void> problem(Throwable failure) {
		if (failure instanceof AuthenticationException || failure instanceof AccessDeniedException) {
			return Mono.error(failure);
		}
		return Mono.error(new ApplicationErrorException(json.writeValueAsString(ProblemDetails.of(failure))));
	}

}
