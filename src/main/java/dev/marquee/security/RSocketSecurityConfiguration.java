package dev.marquee.security;

import java.time.Duration;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authorization.AuthenticatedReactiveAuthorizationManager;
import org.springframework.security.authorization.ReactiveAuthorizationManager;
import org.springframework.security.config.annotation.rsocket.EnableRSocketSecurity;
import org.springframework.security.config.annotation.rsocket.RSocketSecurity;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtReactiveAuthenticationManager;
import org.springframework.security.rsocket.core.PayloadSocketAcceptorInterceptor;
import org.springframework.security.rsocket.util.matcher.PayloadExchangeAuthorizationContext;

/**
 * RSocket (TCP and WebSocket): the same bearer JWT as HTTP, in the setup metadata or in a
 * request's metadata ({@code message/x.rsocket.authentication.bearer.v0} or the
 * well-known authentication mime type). Seat streams are public; holds need a signed-in
 * user whose token has not expired.
 */
@Configuration(proxyBeanMethods = false)
@EnableRSocketSecurity
class RSocketSecurityConfiguration {

	@Bean
	PayloadSocketAcceptorInterceptor rsocketSecurity(RSocketSecurity rsocket, ReactiveJwtDecoder jwtDecoder,
			SecurityProperties properties) {
		JwtReactiveAuthenticationManager authentication = new JwtReactiveAuthenticationManager(jwtDecoder);
		authentication.setJwtAuthenticationConverter(BearerTokens.authenticationConverter(properties.rolesClaim()));
		ReactiveAuthorizationManager<PayloadExchangeAuthorizationContext> signedIn = signedInWithAnUnexpiredToken(
				properties.clockSkew());
		return rsocket
			.authorizePayload(payloads -> payloads.setup()
				.permitAll()
				.route("events.*.seats")
				.permitAll()
				.route("events.*.queue.*")
				.permitAll()
				.route("holds.*")
				.access(signedIn)
				.anyRequest()
				.access(signedIn)
				.anyExchange()
				.permitAll())
			.jwt(jwt -> jwt.authenticationManager(authentication))
			.build();
	}

	/**
	 * Signed in, as {@code authenticated()}, and with a token that has not expired since:
	 * the setup's authentication serves every request of the connection, which may
	 * outlive the token.
	 */
	static ReactiveAuthorizationManager<PayloadExchangeAuthorizationContext> signedInWithAnUnexpiredToken(
			Duration skew) {
		ReactiveAuthorizationManager<PayloadExchangeAuthorizationContext> authenticated = AuthenticatedReactiveAuthorizationManager
			.authenticated();
		return (authentication, context) -> authenticated
			.authorize(authentication.filter(user -> !(user.getPrincipal() instanceof Jwt jwt)
					|| BearerTokens.unexpired(jwt, BearerTokens.TOKEN_CLOCK, skew)), context);
	}

}
