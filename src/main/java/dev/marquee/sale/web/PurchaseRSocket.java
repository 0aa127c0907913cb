package dev.marquee.sale.web;

import dev.marquee.sale.PurchaseManagement;

import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Mono;

/**
 * RSocket request-response {@code holds.purchase}: the same answer and errors as
 * {@code POST /api/v1/holds/{holdId}/purchase}; the hold id and the Idempotency-Key travel in the
 * payload.
 */
@Controller
class PurchaseRSocket {

	private final PurchaseManagement purchases;

	PurchaseRSocket(PurchaseManagement purchases) {
		this.purchases = purchases;
	}

	record Purchase(String holdId, String paymentToken, String idempotencyKey) {
	}

	@MessageMapping("holds.purchase")
	Mono<PurchaseController.OrderView> purchase(Purchase request, @AuthenticationPrincipal Jwt user) {
		return purchases.purchase(request.holdId() == null ? "" : request.holdId(), user.getSubject(),
				request.idempotencyKey(), request.paymentToken())
			.map(purchase -> PurchaseController.OrderView.of(purchase.order()));
	}

}
