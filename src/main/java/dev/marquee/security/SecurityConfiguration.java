package dev.marquee.security;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;

/**
 * Who may call what over HTTP: bearer JWTs ({@link BearerTokens}), with roles from the
 * {@code roles} claim. Catalog and seat map reads are public; catalog writes need ADMIN;
 * everything else needs a signed-in user. Refusals answer with problems
 * ({@link SecurityProblems}).
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
@Import(BearerTokens.class)
class SecurityConfiguration {

	@Bean
	SecurityWebFilterChain marqueeSecurity(ServerHttpSecurity http, JsonMapper json, SecurityProperties properties,
			Environment environment) {
		ServerAuthenticationEntryPoint unauthorized = (exchange, ex) -> SecurityProblems.write(exchange, json,
				HttpStatus.UNAUTHORIZED, "unauthorized", "A valid bearer token is required");
		ServerAccessDeniedHandler forbidden = (exchange, ex) -> SecurityProblems.write(exchange, json,
				HttpStatus.FORBIDDEN, "forbidden", "Your token does not allow this");
		return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
			.logout(ServerHttpSecurity.LogoutSpec::disable)
			.securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
			// stateless API: no request cache, so no request ever creates a WebSession
			// (whose id generation hops every request onto another thread pool)
			.requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
			.authorizeExchange(auth -> auth
				.pathMatchers(HttpMethod.POST, "/api/v1/venues", "/api/v1/venues/preview", "/api/v1/events")
				.hasRole("ADMIN")
				.pathMatchers(HttpMethod.PUT, "/api/v1/venues/*")
				.hasRole("ADMIN")
				.pathMatchers(HttpMethod.GET, "/api/v1/events/*/queue-summary", "/api/v1/events/*/waitlist-summary",
						"/api/v1/events/*/queue-difficulty")
				.hasRole("ADMIN")
				.pathMatchers(HttpMethod.PUT, "/api/v1/events/*/queue-difficulty")
				.hasRole("ADMIN")
				.pathMatchers(HttpMethod.GET, "/api/v1/events/*/sales", "/api/v1/events/*/orders.csv",
						"/api/v1/events/*/orders")
				.hasRole("ADMIN")
				.pathMatchers(HttpMethod.POST, "/api/v1/events/*/publish", "/api/v1/events/*/cancel",
						"/api/v1/events/*/postpone", "/api/v1/orders/*/resend")
				.hasRole("ADMIN")
				.pathMatchers(HttpMethod.PATCH, "/api/v1/events/*")
				.hasRole("ADMIN")
				.pathMatchers(HttpMethod.PUT, "/api/v1/events/*/resale-settings")
				.hasRole("ADMIN")
				.pathMatchers(HttpMethod.POST, "/api/v1/orders/*/refund")
				.hasRole("ADMIN")
				.pathMatchers("/api/v1/events/*/price-rules", "/api/v1/events/*/price-rules/*",
						"/api/v1/events/*/price-audit")
				.hasRole("ADMIN")
				.pathMatchers(HttpMethod.GET, "/api/v1/venues", "/api/v1/venues/**")
				.permitAll()
				.pathMatchers(HttpMethod.GET, "/api/v1/events", "/api/v1/events/*", "/api/v1/events/*/seats",
						"/api/v1/events/*/seatmap", "/api/v1/events/*/availability", "/api/v1/events/*/map.txt",
						"/api/v1/events/*/seat-events", "/ws/events/*", "/api/v1/events/*/queue-fairness",
						"/api/v1/events/*/prices", "/api/v1/events/*/resale", "/api/v1/events/*/resale-settings")
				.permitAll()
				.pathMatchers(HttpMethod.POST, "/api/v1/tickets/scan", "/api/v1/events/*/scans")
				.hasRole("SCANNER")
				// the door's list and counts: scanners, and organizers looking on
				.pathMatchers(HttpMethod.GET, "/api/v1/events/*/door-list", "/api/v1/events/*/door-counts")
				.hasAnyRole("SCANNER", "ADMIN")
				.pathMatchers(HttpMethod.GET, "/api/v1/door/public-key")
				.permitAll()
				.pathMatchers(HttpMethod.POST, "/api/v1/dev/token")
				.permitAll()
				.pathMatchers(HttpMethod.GET, "/api/v1/auth/config", "/api/v1/payments/config")
				.permitAll()
				// Stripe signs its webhooks; they carry no bearer token
				.pathMatchers(HttpMethod.POST, "/api/v1/payments/stripe/webhook")
				.permitAll()
				.pathMatchers("/actuator/health/**", "/actuator/health", "/actuator/info")
				.permitAll()
				// Prometheus scrapes with a long-lived bearer token carrying the METRICS
				// role
				.pathMatchers("/actuator/prometheus")
				.hasAnyRole("ADMIN", "METRICS")
				.pathMatchers("/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**", "/webjars/**")
				.permitAll()
				.pathMatchers("/actuator/**")
				.hasRole("ADMIN")
				.pathMatchers("/api/**")
				.authenticated()
				.anyExchange()
				.permitAll())
			.oauth2ResourceServer(oauth -> oauth
				.jwt(jwt -> jwt
					.jwtAuthenticationConverter(BearerTokens.authenticationConverter(properties.rolesClaim())))
				.authenticationEntryPoint(unauthorized)
				.accessDeniedHandler(forbidden))
			// the hot routes write the same headers themselves (ApiHeaders)
			.headers(headers -> headers.contentSecurityPolicy(csp -> csp
				.policyDirectives(ApiHeaders.contentSecurityPolicy(properties, ApiHeaders.stripe(environment)))))
			.exceptionHandling(ex -> ex.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden))
			.build();
	}

	/**
	 * No observation of the security filters, authentications or authorizations: with an
	 * observation registry present Spring Security otherwise wraps every filter of every
	 * request in one, and a predicate that switches them off still pays for the wrapping.
	 * Requests are observed once, as {@code http.server.requests}.
	 */
	@Bean
	SecurityObservationSettings noSecurityObservations() {
		return SecurityObservationSettings.noObservations();
	}

	/**
	 * Requests the firewall refuses (encoded slashes, percent signs or dots in the path,
	 * and the like) get a problem, as all bad input does, not a bare 400.
	 */
	@Bean
	ServerExchangeRejectedHandler rejectedRequests(JsonMapper json) {
		return (exchange, ex) -> SecurityProblems.write(exchange, json, HttpStatus.BAD_REQUEST, "malformed-request",
				"The request was refused: " + ex.getMessage());
	}

}
