package dev.marquee.shared.web;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.AsciiString;
import org.reactivestreams.Publisher;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;
import tools.jackson.databind.json.JsonMapper;

import dev.marquee.shared.ApiResponseHeaders;
import dev.marquee.shared.RequestIds;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.reactor.netty.NettyRouteProvider;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Mono;

/**
 * Serves the {@link HotRoute}s straight from Reactor Netty, ahead of Spring WebFlux.
 * <p>
 * A flash crowd is thousands of the same few requests a second (a hold, a queue join, a
 * queue poll, the availability map), and through Spring WebFlux and Spring Security each
 * one costs a framework floor of a few hundred microseconds of CPU before it does any
 * work (docs/BENCHMARKS.md, "The ladder"). Here a hot route's plain request costs its
 * work and little more: the path is matched segment by segment ({@link RoutePath}), the
 * bearer token is verified by the application's own decoder (which remembers verified
 * tokens), and the answer goes out with the headers and problem bodies the controller and
 * Spring Security would have written ({@link ApiResponseHeaders},
 * {@link ProblemHandling}) and the request's id, measured by the
 * {@code http.server.requests} timers with the controller's tags, and traced when the
 * caller sent trace context ({@link HotRouteMeasures}).
 * <p>
 * Only the plain case is taken: the exact path with no query string, a JSON body of a
 * known length within {@code marquee.server.max-request-body}, an {@code Accept} the
 * answer satisfies, a bearer token of the form Spring Security reads (on a public route
 * too, where a signed-in buyer's browser sends it, verified there as Spring Security
 * does), header names and values the firewall accepts. Anything else, and a token the
 * decoder refuses, goes on to Spring WebFlux, which answers it as it always has.
 * {@code marquee.hot-routes.enabled} (true) switches them all off.
 */
public class HotRoutes implements NettyRouteProvider {

	// AsciiString: Netty copies it in one go (security.ApiHeaders says why)
	private static final AsciiString REQUEST_ID = AsciiString.cached(RequestIds.HEADER);

	private static final AsciiString CONTENT_TYPE = AsciiString.cached("Content-Type");

	private static final AsciiString CONTENT_LENGTH = AsciiString.cached("Content-Length");

	private static final AsciiString JSON = AsciiString.cached("application/json");

	private static final AsciiString PROBLEM_JSON = AsciiString.cached("application/problem+json");

	private final ObjectProvider<HotRoute> routes;

	private final ObjectProvider<ReactiveJwtDecoder> tokenDecoder;

	private final ObjectProvider<JsonMapper> jsonMapper;

	private final ObjectProvider<ApiResponseHeaders> headerWriter;

	private final HotRouteMeasures measures;

	private final ObjectProvider<HttpHandler> spring;

	private final long maxBody;

	// resolved when the server starts (the web server factory, which takes this, is made
	// before the application's beans)
	private ReactiveJwtDecoder tokens;

	private JsonMapper json;

	private ApiResponseHeaders apiHeaders;

	private volatile ReactorHttpHandlerAdapter fallback;

	HotRoutes(ObjectProvider<HotRoute> routes, ObjectProvider<ReactiveJwtDecoder> tokens,
			ObjectProvider<JsonMapper> json, ObjectProvider<ApiResponseHeaders> apiHeaders, HotRouteMeasures measures,
			ObjectProvider<HttpHandler> spring, long maxBody) {
		this.routes = routes;
		this.tokenDecoder = tokens;
		this.jsonMapper = json;
		this.headerWriter = apiHeaders;
		this.measures = measures;
		this.spring = spring;
		this.maxBody = maxBody;
	}

	@Override
	public HttpServerRoutes apply(HttpServerRoutes serverRoutes) {
		tokens = tokenDecoder.getObject();
		json = jsonMapper.getObject();
		apiHeaders = headerWriter.getObject();
		measures.resolve();
		HttpServerRoutes all = serverRoutes;
		for (HotRoute route : routes.orderedStream().toList()) {
			Served served = new Served(route);
			all = all.route(
					request -> request.method().name().equals(route.method().name())
							&& served.path.matches(request.uri()) && PlainRequests.plain(route, request, maxBody),
					served);
		}
		return all;
	}

	/** A route as served: its path parsed once. */
	private final class Served implements BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> {

		private final HotRoute route;

		private final RoutePath path;

		private final HotRouteMeasures.Route measures;

		Served(HotRoute route) {
			this.route = route;
			this.path = route.path();
			this.measures = HotRoutes.this.measures.route(route.method().name(), route.template());
		}

		@Override
		public Publisher<Void> apply(HttpServerRequest request, HttpServerResponse response) {
			String authorization = request.requestHeaders().get(HttpHeaderNames.AUTHORIZATION);
			// none: a public route (an authenticated one without a token is not plain)
			if (authorization == null) {
				return serve(request, response, null);
			}
			// a signed-in buyer's browser sends its token on the public reads too, and
			// Spring Security verifies it there as well: so is it here
			String token = PlainRequests.bearer(authorization);
			if (token == null) {
				return spring().apply(request, response);
			}
			// a token the decoder refuses is Spring Security's to answer (401, and how)
			// (deferred: a decoder may throw rather than signal)
			return Mono.defer(() -> tokens.decode(token))
				.map(Optional::of)
				.onErrorResume(ex -> Mono.just(Optional.empty()))
				.defaultIfEmpty(Optional.empty())
				.flatMap(user -> user.isPresent() ? serve(request, response, user.get())
						: Mono.from(spring().apply(request, response)));
		}

		private Mono<Void> serve(HttpServerRequest request, HttpServerResponse response, Jwt user) {
			String requestId = RequestIds.idFor(request.requestHeaders().get(RequestIds.HEADER));
			String uri = request.uri();
			String[] values = this.path.values(uri);
			HotRouteMeasures.Measure measure = this.measures.start(request);
			Mono<byte[]> body = route.body() ? request.receive().aggregate().asByteArray().defaultIfEmpty(new byte[0])
					: request.receive().then(Mono.just(new byte[0]));
			return body
				.flatMap(bytes -> measure.around(
						route.handler().handle(new HotRequest(request, values, this.path.names(), user, bytes, json))))
				.map(answer -> written(answer, requestId))
				.onErrorResume(ex -> Mono.just(problem(ex, requestId, uri)))
				.flatMap(answer -> {
					measure.end(answer.status());
					return write(response, answer);
				})
				.doOnCancel(() -> measure.end(HotRouteMeasures.ABORTED));
		}

		private Written written(HotAnswer answer, String requestId) {
			if (answer.body() instanceof HotAnswer.Encoded encoded) {
				return new Written(answer.status().value(), requestId, answer.headers(), encoded.contentType(),
						encoded.json());
			}
			return new Written(answer.status().value(), requestId, answer.headers(), JSON,
					json.writeValueAsBytes(answer.body()));
		}

		private Written problem(Throwable ex, String requestId, String path) {
			ResponseEntity<ProblemDetail> answer = (ex instanceof ServerWebInputException input)
					? ResponseEntity.status(input.getStatusCode())
						.body(ProblemHandling.inputProblem(input, null, input.getStatusCode(), route.method().name(),
								path, requestId))
					: ProblemHandling.problemFor(ex, requestId, route.method().name(), path);
			ProblemDetail problem = answer.getBody();
			if (problem.getInstance() == null) {
				problem.setInstance(URI.create(path));
			}
			List<Map.Entry<String, String>> headers = answer.getHeaders()
				.headerSet()
				.stream()
				.filter(h -> !h.getKey().equalsIgnoreCase("Content-Type"))
				.flatMap(h -> h.getValue().stream().map(v -> Map.entry(h.getKey(), v)))
				.toList();
			return new Written(answer.getStatusCode().value(), requestId, headers, PROBLEM_JSON,
					json.writeValueAsBytes(problem));
		}

		private Mono<Void> write(HttpServerResponse response, Written answer) {
			response.status(HttpResponseStatus.valueOf(answer.status));
			HttpHeaders headers = response.responseHeaders();
			headers.set(REQUEST_ID, answer.requestId);
			answer.headers.forEach(h -> headers.add(h.getKey(), h.getValue()));
			headers.set(CONTENT_TYPE, answer.contentType);
			headers.set(CONTENT_LENGTH, String.valueOf(answer.body.length));
			apiHeaders.addTo(headers);
			return response.sendObject(Unpooled.wrappedBuffer(answer.body)).then();
		}

	}

	private ReactorHttpHandlerAdapter spring() {
		ReactorHttpHandlerAdapter adapter = fallback;
		if (adapter == null) {
			adapter = new ReactorHttpHandlerAdapter(spring.getObject());
			fallback = adapter;
		}
		return adapter;
	}

	/** An answer ready to write. */
	private record Written(int status, String requestId, List<Map.Entry<String, String>> headers,
			CharSequence contentType, byte[] body) {
	}

}
