package dev.marquee.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.rsocket.EnableRSocketSecurity;
import org.springframework.security.config.annotation.rsocket.RSocketSecurity;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtReactiveAuthenticationManager;
import org.springframework.security.rsocket.core.PayloadSocketAcceptorInterceptor;

/**
 * RSocket (TCP and WebSocket): the same bearer JWT as HTTP, in the setup metadata or in a
 * request's metadata ({@code message/x.rsocket.authentication.bearer.v0} or the well-known
 * authentication mime type). Seat streams are public; holds need a signed-in user.
 */
@Configuration(proxyBeanMethods = false)
@EnableRSocketSecurity
class RSocketSecurityConfiguration {

	@Bean
	PayloadSocketAcceptorInterceptor rsocketSecurity(RSocketSecurity rsocket, ReactiveJwtDecoder jwtDecoder) {
		JwtReactiveAuthenticationManager authentication = new JwtReactiveAuthenticationManager(jwtDecoder);
		authentication.setJwtAuthenticationConverter(SecurityConfiguration.authenticationConverter());
		return rsocket.authorizePayload(payloads -> payloads.setup().permitAll()
				.route("events.*.seats").permitAll()
				.route("events.*.queue.*").permitAll()
				.route("holds.*").authenticated()
				.anyRequest().authenticated()
				.anyExchange().permitAll())
			.jwt(jwt -> jwt.authenticationManager(authentication))
			.build();
	}

}
