package dev.marquee.sale.web;

import dev.marquee.hold.HoldId;
import dev.marquee.sale.PaymentDetails;
import dev.marquee.sale.PurchaseManagement;

import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Mono;

/**
 * RSocket request-response {@code holds.purchase}: the same answer and errors as
 * {@code POST /api/v1/holds/{holdId}/purchase}; the hold id and the Idempotency-Key
 * travel in the payload.
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
		return Mono.defer(() -> {
			PaymentDetails payment = PaymentDetails.of(request.idempotencyKey(), request.paymentToken());
			return purchases.purchase(HoldId.parse(request.holdId() == null ? "" : request.holdId()), user.getSubject(),
					payment);
		}).map(purchase -> PurchaseController.OrderView.of(purchase.order()));
	}

}
