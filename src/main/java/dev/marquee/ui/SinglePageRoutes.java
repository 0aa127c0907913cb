package dev.marquee.ui;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;
import static org.springframework.web.reactive.function.server.RouterFunctions.route;

/**
 * The UI's deep links ({@code /events/{eventId}}, its waiting room, an order, the
 * organizers' venues and designer, the door scanner, the return from the identity
 * provider) answer the single-page app, so a link opens the right page and survives a
 * reload. The page itself is never cached (its scripts, under {@code /assets/}, carry
 * content hashes).
 */
@Configuration(proxyBeanMethods = false)
class SinglePageRoutes {

	@Bean
	RouterFunction<ServerResponse> singlePageApp(@Value("classpath:/static/index.html") Resource page) {
		return route(GET("/events/{eventId}").or(GET("/events/{eventId}/queue"))
			.or(GET("/orders/{orderId}"))
			// the organizers' events, sales pages, venues and chart designer
			.or(GET("/admin/events"))
			.or(GET("/admin/events/{eventId}"))
			.or(GET("/admin/venues"))
			.or(GET("/admin/venues/{venueId}"))
			// the door scanner, for an event or to choose one
			.or(GET("/door"))
			.or(GET("/door/{eventId}"))
			// where the identity provider sends the browser back after signing in
			.or(GET("/signed-in")),
				request -> page.exists() ? ServerResponse.ok()
					.contentType(MediaType.TEXT_HTML)
					.cacheControl(CacheControl.noCache())
					.bodyValue(page) : ServerResponse.notFound().build());
	}

}
