package dev.marquee.security;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import tools.jackson.databind.json.JsonMapper;

import dev.marquee.shared.Problems;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtAuthenticationConverterAdapter;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.util.StringUtils;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Bearer JWT authentication (HS256) with roles from the {@code roles} claim. Catalog and seat
 * map reads are public; catalog writes need ADMIN; everything else needs a signed-in user.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class SecurityConfiguration {

	/**
	 * Token times are checked against real time, not the application's {@link Clock}: tokens come
	 * from an issuer on real time, and tests move the application's clock by days.
	 */
	static final Clock TOKEN_CLOCK = Clock.systemUTC();

	/** Our tokens come from our own clock's neighbourhood: 5 s of skew, not the default 60 s. */
	static final Duration CLOCK_SKEW = Duration.ofSeconds(5);

	@Bean
	SecurityWebFilterChain marqueeSecurity(ServerHttpSecurity http, JsonMapper json) {
		return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
			.logout(ServerHttpSecurity.LogoutSpec::disable)
			.securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
			// stateless API: no request cache, so no request ever creates a WebSession (whose id
			// generation hops every request onto another thread pool)
			.requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
			.authorizeExchange(auth -> auth
				.pathMatchers(HttpMethod.POST, "/api/v1/venues", "/api/v1/events").hasRole("ADMIN")
				.pathMatchers(HttpMethod.GET, "/api/v1/venues/**").permitAll()
				.pathMatchers(HttpMethod.GET, "/api/v1/events", "/api/v1/events/*", "/api/v1/events/*/seats",
						"/api/v1/events/*/seatmap", "/api/v1/events/*/availability", "/api/v1/events/*/map.txt",
						"/api/v1/events/*/seat-events", "/ws/events/*")
				.permitAll()
				.pathMatchers(HttpMethod.POST, "/api/v1/tickets/scan").hasRole("SCANNER")
				.pathMatchers(HttpMethod.POST, "/api/v1/dev/token").permitAll()
				.pathMatchers("/actuator/health/**", "/actuator/health", "/actuator/info").permitAll()
				// Prometheus scrapes with a long-lived bearer token carrying the METRICS role
				.pathMatchers("/actuator/prometheus").hasAnyRole("ADMIN", "METRICS")
				.pathMatchers("/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**", "/webjars/**").permitAll()
				.pathMatchers("/actuator/**").hasRole("ADMIN")
				.pathMatchers("/api/**").authenticated()
				.anyExchange().permitAll())
			.oauth2ResourceServer(oauth -> oauth
				.jwt(jwt -> jwt.jwtAuthenticationConverter(authenticationConverter()))
				.authenticationEntryPoint((exchange, ex) -> problem(exchange, json, HttpStatus.UNAUTHORIZED,
						"unauthorized", "A valid bearer token is required"))
				.accessDeniedHandler((exchange, ex) -> problem(exchange, json, HttpStatus.FORBIDDEN, "forbidden",
						"Your token does not allow this")))
			// the UI loads only its own scripts, styles (and inline style attributes), images (QR codes
			// arrive as blobs) and connections; nobody frames it
			.headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(
					"default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' blob: data:; "
							+ "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'")))
			.exceptionHandling(ex -> ex
				.authenticationEntryPoint((exchange, e) -> problem(exchange, json, HttpStatus.UNAUTHORIZED,
						"unauthorized", "A valid bearer token is required"))
				.accessDeniedHandler((exchange, e) -> problem(exchange, json, HttpStatus.FORBIDDEN, "forbidden",
						"Your token does not allow this")))
			.build();
	}

	/**
	 * Requests the firewall refuses (encoded slashes, percent signs or dots in the path, and the
	 * like) get a problem, as all bad input does, not a bare 400.
	 */
	@Bean
	ServerExchangeRejectedHandler rejectedRequests(JsonMapper json) {
		return (exchange, ex) -> problem(exchange, json, HttpStatus.BAD_REQUEST, "malformed-request",
				"The request was refused: " + ex.getMessage());
	}

	/**
	 * Verifies HS256 tokens, remembering each verified token until it expires (at most 5 minutes)
	 * so a buyer's burst of requests pays for parsing and HMAC once. Only tokens that passed
	 * verification are remembered, and their expiry is checked again on every use.
	 */
	@Bean
	ReactiveJwtDecoder jwtDecoder(SecurityProperties properties) {
		NimbusReactiveJwtDecoder nimbus = NimbusReactiveJwtDecoder.withSecretKey(secretKey(properties))
			.macAlgorithm(MacAlgorithm.HS256)
			.build();
		nimbus.setJwtValidator(validator(properties, TOKEN_CLOCK));
		Cache<String, Jwt> verified = Caffeine.newBuilder()
			.maximumSize(100_000)
			.expireAfterWrite(Duration.ofMinutes(5))
			.build();
		return token -> {
			Jwt known = verified.getIfPresent(token);
			if (known != null && unexpired(known, TOKEN_CLOCK)) {
				return Mono.just(known);
			}
			return nimbus.decode(token).doOnNext(jwt -> verified.put(token, jwt));
		};
	}

	/**
	 * What a signed token must also be: carrying {@code exp} (a token without one would be good
	 * for ever), within its time window, living no longer than {@code max-token-lifetime} from now
	 * and from its {@code iat}, and from the configured issuer for the configured audience when
	 * those are set.
	 */
	static OAuth2TokenValidator<Jwt> validator(SecurityProperties properties, Clock clock) {
		JwtTimestampValidator window = new JwtTimestampValidator(CLOCK_SKEW);
		window.setAllowEmptyExpiryClaim(false);
		window.setClock(clock);
		Duration maxLifetime = properties.maxTokenLifetime().plus(CLOCK_SKEW);
		List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>(List.of(window,
				new JwtClaimValidator<Instant>(JwtClaimNames.EXP,
						exp -> exp != null && !exp.isAfter(clock.instant().plus(maxLifetime))),
				lifetimeSinceIssued(maxLifetime)));
		if (StringUtils.hasText(properties.issuer())) {
			validators.add(new JwtIssuerValidator(properties.issuer()));
		}
		if (StringUtils.hasText(properties.audience())) {
			validators.add(new JwtAudienceValidator(properties.audience()));
		}
		return new DelegatingOAuth2TokenValidator<>(validators);
	}

	/** {@code exp - iat} within the maximum, when the token says when it was issued. */
	private static OAuth2TokenValidator<Jwt> lifetimeSinceIssued(Duration maxLifetime) {
		OAuth2Error tooLong = new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN,
				"The token lives longer than the maximum token lifetime", null);
		return jwt -> jwt.getIssuedAt() == null || jwt.getExpiresAt() == null
				|| !jwt.getExpiresAt().isAfter(jwt.getIssuedAt().plus(maxLifetime)) ? OAuth2TokenValidatorResult.success()
						: OAuth2TokenValidatorResult.failure(tooLong);
	}

	/** Whether a verified token is still before its {@code exp} (with the allowed skew). */
	static boolean unexpired(Jwt jwt, Clock clock) {
		return jwt.getExpiresAt() != null && jwt.getExpiresAt().plus(CLOCK_SKEW).isAfter(clock.instant());
	}

	static SecretKey secretKey(SecurityProperties properties) {
		return new SecretKeySpec(properties.jwtSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
	}

	static ReactiveJwtAuthenticationConverterAdapter authenticationConverter() {
		JwtGrantedAuthoritiesConverter roles = new JwtGrantedAuthoritiesConverter();
		roles.setAuthoritiesClaimName("roles");
		roles.setAuthorityPrefix("ROLE_");
		JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
		converter.setJwtGrantedAuthoritiesConverter(roles);
		return new ReactiveJwtAuthenticationConverterAdapter(converter);
	}

	private static Mono<Void> problem(ServerWebExchange exchange, JsonMapper json, HttpStatus status, String slug,
			String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(Problems.type(slug));
		problem.setTitle(status.getReasonPhrase());
		try {
			problem.setInstance(java.net.URI.create(exchange.getRequest().getPath().value()));
		}
		catch (IllegalArgumentException ex) {
			// a path that is no valid URI (which may be why it was refused) has no instance
		}
		String requestId = dev.marquee.shared.RequestIds.of(exchange);
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
