package dev.marquee.sale.web;

import dev.marquee.shared.web.HotAnswer;
import dev.marquee.shared.web.HotRoute;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;

/**
 * The purchase, served ahead of Spring WebFlux ({@link HotRoute}) with the controller's
 * own code and answers: every seat a flash crowd buys is one.
 */
@Configuration(proxyBeanMethods = false)
class SaleHotRoutes {

	@Bean
	HotRoute purchaseHold(PurchaseController purchases) {
		return new HotRoute(HttpMethod.POST, "/api/v1/holds/{holdId}/purchase", HotRoute.Caller.SIGNED_IN, true,
				request -> purchases
					.buy(request.variable("holdId"), request.header("Idempotency-Key"),
							request.body(PurchaseController.PurchaseRequest.class), request.user().getSubject())
					.map(purchase -> HotAnswer.of(HttpStatus.CREATED, PurchaseController.OrderView.of(purchase.order()))
						.header("Location", PurchaseController.location(purchase))
						.header(PurchaseController.REPLAYED, String.valueOf(purchase.replayed()))));
	}

}
