package dev.marquee.shared.web;

import java.io.IOException;
import java.net.ConnectException;
import java.util.List;
import java.util.concurrent.TimeoutException;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import tools.jackson.core.JacksonException;

import dev.marquee.shared.ProblemException;
import dev.marquee.shared.Problems;

import org.springframework.core.codec.DecodingException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.messaging.handler.invocation.MethodArgumentResolutionException;

/**
 * The RFC 9457 body for a failure, shared by every transport (HTTP responses, RSocket
 * application errors): named failures keep their slug, an unreachable backing service is
 * a 503.
 */
public final class ProblemDetails {

	private ProblemDetails() {
	}

	private static boolean isUnreadable(Throwable failure) {
		for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
			if (t instanceof DecodingException || t instanceof JacksonException
					|| t instanceof MethodArgumentResolutionException) {
				return true;
			}
		}
		return false;
	}

	public static ProblemDetail of(Throwable failure) {
		if (failure instanceof ProblemException named) {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(named.status(), named.getMessage());
			problem.setType(Problems.type(named.slug()));
			problem.setTitle(named.status().getReasonPhrase());
			named.properties().forEach(problem::setProperty);
			return problem;
		}
		if (isUnreadable(failure)) {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
					"The payload could not be read as the JSON this route expects");
			problem.setType(Problems.type("malformed-request"));
			return problem;
		}
		if (isInfrastructureFailure(failure)) {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
					"A backing service (Redis or PostgreSQL) is unreachable; nothing was changed. Try again shortly.");
			problem.setType(Problems.type("service-unavailable"));
			return problem;
		}
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
				"Something went wrong on our side; nothing was changed by this request.");
		problem.setType(Problems.type("internal"));
		return problem;
	}

	/**
	 * Redis or PostgreSQL unreachable, timed out or refusing connections (not a bad
	 * command).
	 */
	static boolean isInfrastructureFailure(Throwable ex) {
		for (Throwable t = ex; t != null; t = t.getCause()) {
			if (t instanceof DataAccessResourceFailureException || t instanceof QueryTimeoutException
					|| t instanceof TransientDataAccessException || t instanceof R2dbcNonTransientResourceException
					|| t instanceof R2dbcTransientResourceException || t instanceof R2dbcTimeoutException
					|| t instanceof TimeoutException || t instanceof ConnectException || t instanceof IOException
					// Lettuce: not connected, connection closed, timed out (a command the
					// server refused is a bug, not an outage, unless it refused it for
					// being unavailable: a cluster failing over, a node loading its data)
					|| (t instanceof RedisException && !(t instanceof RedisCommandExecutionException))
					|| (t instanceof RedisCommandExecutionException refused && isUnavailable(refused))
					|| (t instanceof R2dbcException r && r.getSqlState() != null && r.getSqlState().startsWith("08"))) {
				return true;
			}
			if (t.getCause() == t) {
				break;
			}
		}
		return false;
	}

	/**
	 * The errors by which Redis says it cannot serve now, not that the command was wrong:
	 * {@code CLUSTERDOWN} (a Redis Cluster while a dead master's replica is not yet
	 * promoted), {@code TRYAGAIN} (keys of a slot being moved), {@code MASTERDOWN} and
	 * {@code READONLY} (a replica, or a demoted master, during a failover),
	 * {@code LOADING} (a node reading its data after a restart).
	 */
	private static boolean isUnavailable(RedisCommandExecutionException refused) {
		String message = refused.getMessage();
		return message != null && UNAVAILABLE.stream().anyMatch(message::startsWith);
	}

	private static final List<String> UNAVAILABLE = List.of("CLUSTERDOWN", "TRYAGAIN", "MASTERDOWN", "READONLY",
			"LOADING");

}
