package dev.marquee.shared.web;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationFilter;
import io.micrometer.observation.ObservationPredicate;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.propagation.Propagator;
import tools.jackson.databind.json.JsonMapper;

import dev.marquee.config.ServerLimitProperties;
import dev.marquee.shared.ApiResponseHeaders;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * The hot routes ({@link HotRoutes}), unless {@code marquee.hot-routes.enabled} is false.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "marquee.hot-routes.enabled", havingValue = "true", matchIfMissing = true)
class HotRouteConfiguration {

	@Bean
	HotRoutes hotRoutes(ObjectProvider<HotRoute> routes, ObjectProvider<ReactiveJwtDecoder> tokens,
			ObjectProvider<JsonMapper> json, ObjectProvider<ApiResponseHeaders> apiHeaders,
			ObjectProvider<ObservationRegistry> observations, ObjectProvider<MeterRegistry> meters,
			ObjectProvider<Propagator> propagator, ObjectProvider<ObservationFilter> filters,
			ObjectProvider<ObservationPredicate> predicates, ObjectProvider<HttpHandler> spring,
			ServerLimitProperties limits) {
		HotRouteMeasures measures = new HotRouteMeasures(observations, meters, propagator, filters, predicates);
		return new HotRoutes(routes, tokens, json, apiHeaders, measures, spring, limits.maxRequestBody().toBytes());
	}

}
