package dev.marquee.ui;

import java.time.Duration;
import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsWebFilter;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;

/**
 * Lets the sites of {@link EmbedProperties} load the embeddable seat map and read what it
 * reads: the component's script, the events, an event's seat map, seats and availability
 * (GET only; the seat WebSocket takes any origin, as it always has). Nothing else is
 * shared across origins, and nothing at all when no site is listed. Cross-origin requests
 * are left to Spring WebFlux by the hot routes, so these answers always carry the
 * headers.
 */
@Configuration(proxyBeanMethods = false)
class EmbedCors {

	static final List<String> PATHS = List.of("/embed/**", "/api/v1/events", "/api/v1/events/*",
			"/api/v1/events/*/seatmap", "/api/v1/events/*/seats", "/api/v1/events/*/availability");

	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	CorsWebFilter embedCorsFilter(EmbedProperties properties) {
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		if (!properties.allowedOrigins().isEmpty()) {
			CorsConfiguration shared = new CorsConfiguration();
			shared.setAllowedOriginPatterns(properties.allowedOrigins());
			shared.setAllowedMethods(List.of("GET"));
			shared.setAllowedHeaders(List.of("Accept"));
			shared.setMaxAge(Duration.ofHours(1));
			PATHS.forEach(path -> source.registerCorsConfiguration(path, shared));
		}
		return new CorsWebFilter(source);
	}

}
