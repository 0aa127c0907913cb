package dev.marquee.shared.web;

import java.nio.charset.StandardCharsets;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.LivenessState;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import reactor.core.publisher.Mono;

/**
 * The liveness probe ({@code /actuator/health/liveness}) answered ahead of Spring WebFlux
 * ({@link HotRoute}), as the actuator answers it: {@code {"status":"UP"}} while the
 * application's {@link LivenessState} is correct, 503 {@code {"status":"DOWN"}} once it
 * is broken, in the actuator's media type unless the client asks for plain JSON.
 * <p>
 * Through Spring the probe that does nothing cost about 270 µs of CPU, nearly three
 * holds: the actuator's reflective invoker reads the operation's parameter annotations
 * again on every call (docs/BENCHMARKS.md). Only a request without a token is taken (the
 * actuator shows an ADMIN the group's details), and only while the probe is served on the
 * application's own port.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${management.endpoint.health.probes.enabled:false}' == 'true' "
		+ "and '${management.server.port:}' == '' and '${management.endpoints.web.base-path:/actuator}' == '/actuator'")
class LivenessHotRoute {

	/**
	 * The first media type the actuator produces, its answer unless {@code Accept} names
	 * plain JSON (a plain request's {@code Accept} has no parameters).
	 */
	private static final String ACTUATOR_JSON = "application/vnd.spring-boot.actuator.v3+json";

	private static final byte[] UP = "{\"status\":\"UP\"}".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] DOWN = "{\"status\":\"DOWN\"}".getBytes(StandardCharsets.US_ASCII);

	@Bean
	HotRoute liveness(ApplicationAvailability availability) {
		return new HotRoute(HttpMethod.GET, "/actuator/health/liveness", HotRoute.Caller.ANONYMOUS, false, request -> {
			boolean live = availability.getLivenessState() == LivenessState.CORRECT;
			return Mono.just(HotAnswer.encoded(live ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE, live ? UP : DOWN,
					PlainRequests.lists(request.header("Accept"), MediaType.APPLICATION_JSON_VALUE)
							? MediaType.APPLICATION_JSON_VALUE : ACTUATOR_JSON));
		});
	}

}
