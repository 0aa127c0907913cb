package dev.marquee.catalog.web;

import dev.marquee.shared.web.HotAnswer;
import dev.marquee.shared.web.HotRoute;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;

/**
 * The event page's read, which every buyer's browser makes as the sale opens, served
 * ahead of Spring WebFlux ({@link HotRoute}) with the controller's own code and answer.
 */
@Configuration(proxyBeanMethods = false)
class CatalogHotRoutes {

	@Bean
	HotRoute eventDetails(CatalogController catalog) {
		return new HotRoute(HttpMethod.GET, "/api/v1/events/{eventId}", HotRoute.Caller.ANYONE, false,
				request -> catalog.event(request.variable("eventId")).map(event -> HotAnswer.of(HttpStatus.OK, event)));
	}

}
