package dev.marquee.shared.web;

import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;

import dev.marquee.shared.ProblemException;
import dev.marquee.shared.RateLimited;
import dev.marquee.shared.RequestIds;
import dev.marquee.shared.Problems;
import dev.marquee.shared.Violation;

import org.springframework.core.codec.CodecException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Mono;

/**
 * Turns every failure into an RFC 9457 problem with a stable {@code type}: named failures
 * keep their slug, bad input lists every violation, an unreachable Redis or PostgreSQL is
 * a 503, and nothing ever leaks a stack trace. (A little over 200 lines: one handler per
 * family of failure, kept together so the whole mapping reads as one table.)
 */
@RestControllerAdvice
class ProblemHandling extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemHandling.class);

	/**
	 * Every failure the framework handler below does not know: named failures,
	 * unreachable backing services (503 with Retry-After) and bugs (500, logged), with
	 * the same bodies as on every other transport ({@link ProblemDetails}).
	 */
	@ExceptionHandler(Exception.class)
	ResponseEntity<ProblemDetail> problem(Exception ex, ServerWebExchange exchange) {
		return problemFor(ex, RequestIds.of(exchange), exchange.getRequest().getMethod().name(),
				exchange.getRequest().getPath().value());
	}

	/**
	 * The answer to a failure {@link #problem} handles, for whoever answers a request
	 * (also the hot routes, {@link HotRoutes}).
	 */
	static ResponseEntity<ProblemDetail> problemFor(Throwable ex, String requestId, String method, String path) {
		ProblemDetail problem = ProblemDetails.of(ex);
		if (requestId != null) {
			problem.setProperty("requestId", requestId);
		}
		var response = ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON);
		if (problem.getStatus() == HttpStatus.SERVICE_UNAVAILABLE.value()) {
			if (!(ex instanceof ProblemException)) {
				log.warn("[{}] Backing service unavailable: {}", requestId, ex.toString());
			}
			response.header(HttpHeaders.RETRY_AFTER, "2");
		}
		else if (ex instanceof RateLimited limited) {
			response.header(HttpHeaders.RETRY_AFTER, String.valueOf(limited.retryAfterSeconds()));
		}
		else if (problem.getStatus() == HttpStatus.INTERNAL_SERVER_ERROR.value()) {
			log.error("[{}] Unexpected failure on {} {}", requestId, method, path, ex);
		}
		return response.body(problem);
	}

	@Override
	protected Mono<ResponseEntity<Object>> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
			HttpStatusCode status, ServerWebExchange exchange) {
		ProblemDetail problem = inputProblem(ex, (body instanceof ProblemDetail pd) ? pd : null, status,
				exchange.getRequest().getMethod().name(), exchange.getRequest().getPath().value(),
				RequestIds.of(exchange));
		// always problem+json, even when the request asked for (say) an event stream
		return Mono.just(ResponseEntity.status(status)
			.headers(headers)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(problem));
	}

	/**
	 * The problem for a failure the framework decided (unreadable or invalid input, no
	 * route, a refused media type), for whoever answers a request (also the hot routes,
	 * {@link HotRoutes}).
	 */
	static ProblemDetail inputProblem(Exception ex, ProblemDetail body, HttpStatusCode status, String method,
			String path, String requestId) {
		ProblemDetail problem = (body != null) ? body : ProblemDetail.forStatusAndDetail(status, ex.getMessage());
		problem.setType(Problems.type(slugFor(ex, status)));
		List<Violation> violations = violationsOf(ex);
		if (!violations.isEmpty()) {
			problem.setProperty("violations", violations);
			problem.setDetail(violations.size() == 1 ? "1 field is invalid: " + violations.get(0).field()
					: violations.size() + " fields are invalid");
		}
		if (ex instanceof ServerWebInputException input && violations.isEmpty()) {
			String reason = input.getReason() == null ? "The request could not be read" : input.getReason();
			problem.setDetail(reason);
			problem.setProperty("violations", List.of(new Violation("body",
					reason.startsWith("No request body") ? "is required" : "could not be read: " + reason)));
		}
		else if (!(ex instanceof ServerWebInputException) && !(ex instanceof WebExchangeBindException)) {
			// framework messages name internal classes; say what happened in plain words
			// instead
			problem.setDetail(switch (status.value()) {
				case 404 -> "There is nothing at " + path;
				case 405 -> "Method " + method + " is not allowed here";
				case 406 -> "None of the accepted media types can be produced";
				case 413 -> "The request body is too large";
				case 415 -> "Send the body as application/json";
				default -> HttpStatus.valueOf(status.value()).getReasonPhrase();
			});
		}
		if (requestId != null) {
			problem.setProperty("requestId", requestId);
		}
		return problem;
	}

	private static ResponseEntity<ProblemDetail> unavailableResponse() {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"A backing service (Redis or PostgreSQL) is unreachable; nothing was changed. Try again shortly.");
		problem.setType(Problems.type("service-unavailable"));
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, "2")
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(problem);
	}

	private static String slugFor(Exception ex, HttpStatusCode status) {
		if (ex instanceof WebExchangeBindException) {
			return "validation";
		}
		if (ex instanceof ServerWebInputException) {
			return violationsOf(ex).isEmpty() ? "malformed-request" : "validation";
		}
		return switch (status.value()) {
			case 404 -> "not-found";
			case 405 -> "method-not-allowed";
			case 406 -> "not-acceptable";
			case 413 -> "payload-too-large";
			case 415 -> "unsupported-media-type";
			default -> "http-" + status.value();
		};
	}

	private static List<Violation> violationsOf(Exception ex) {
		List<Violation> violations = new ArrayList<>();
		if (ex instanceof WebExchangeBindException bind) {
			for (FieldError error : bind.getFieldErrors()) {
				violations.add(new Violation(error.getField(), error.getDefaultMessage()));
			}
			bind.getGlobalErrors()
				.forEach(e -> violations.add(new Violation(e.getObjectName(), e.getDefaultMessage())));
			return violations;
		}
		for (Throwable t = ex; t != null && t.getCause() != t; t = t.getCause()) {
			if (t instanceof JacksonException json) {
				String path = json.getPath().isEmpty() ? "body" : json.getPathReference();
				violations.add(new Violation(path.isEmpty() ? "body" : cleanPath(json), describe(json)));
				return violations;
			}
			if (t instanceof CodecException && t.getCause() == null) {
				break;
			}
		}
		return violations;
	}

	private static String cleanPath(JacksonException json) {
		StringBuilder path = new StringBuilder();
		for (JacksonException.Reference ref : json.getPath()) {
			if (ref.getPropertyName() != null) {
				path.append(path.isEmpty() ? "" : ".").append(ref.getPropertyName());
			}
			else if (ref.getIndex() >= 0) {
				path.append('[').append(ref.getIndex()).append(']');
			}
		}
		return path.isEmpty() ? "body" : path.toString();
	}

	private static String describe(JacksonException json) {
		String message = json.getOriginalMessage();
		if (json instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
			return "must be of type " + simpleType(mismatch.getTargetType());
		}
		if (json instanceof StreamReadException) {
			return "is not valid JSON";
		}
		return message == null ? "is invalid" : message.split("\n")[0];
	}

	private static String simpleType(Class<?> type) {
		if (type == String.class) {
			return "string";
		}
		if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
			return type == boolean.class ? "boolean" : "number";
		}
		if (type == Boolean.class || type == boolean.class) {
			return "boolean";
		}
		if (Collection.class.isAssignableFrom(type) || type.isArray()) {
			return "array";
		}
		if (Temporal.class.isAssignableFrom(type)) {
			return "ISO-8601 timestamp";
		}
		return "object";
	}

}
