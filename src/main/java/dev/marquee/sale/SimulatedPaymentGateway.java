package dev.marquee.sale;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.marquee.shared.Money;

import reactor.core.publisher.Mono;

/**
 * A stand-in card processor with Stripe-like test tokens: {@code tok_visa} is approved,
 * {@code tok_chargeDeclined} is declined, {@code tok_slow} is approved after
 * {@code marquee.payment.slow-latency}; any other token is declined. Idempotent by key,
 * and it keeps a ledger so tests and operators can see every charge and refund. It exists
 * only where {@code marquee.payment.gateway} is {@code simulated} (the demo and the
 * tests; see {@link PaymentGatewayConfiguration}).
 */
public class SimulatedPaymentGateway implements PaymentGateway {

	private final PaymentProperties properties;

	private final Map<String, Charge> byKey = new ConcurrentHashMap<>();

	private final Map<String, LedgerEntry> ledger = new ConcurrentHashMap<>();

	SimulatedPaymentGateway(PaymentProperties properties) {
		this.properties = properties;
	}

	/** One charge as the processor saw it. */
	public record LedgerEntry(String paymentId, String idempotencyKey, Money amount, boolean approved,
			boolean refunded) {
	}

	@Override
	public Mono<Charge> charge(String idempotencyKey, Money amount, String paymentToken) {
		return Mono.defer(() -> {
			Charge known = byKey.get(idempotencyKey);
			if (known != null) {
				// a repeat answers the first outcome at once, and charges nothing
				return Mono.just(known);
			}
			// the processor decides (and takes the money) on receipt; the answer travels
			// back after the latency
			boolean approved = "tok_visa".equals(paymentToken) || "tok_slow".equals(paymentToken);
			Charge charge = byKey.computeIfAbsent(idempotencyKey, key -> {
				String paymentId = "pay_" + UUID.randomUUID().toString().replace("-", "");
				ledger.put(paymentId, new LedgerEntry(paymentId, key, amount, approved, false));
				return new Charge(paymentId, approved, approved ? null
						: "tok_chargeDeclined".equals(paymentToken) ? "card_declined" : "unknown_test_token");
			});
			Duration latency = "tok_slow".equals(paymentToken) ? properties.slowLatency() : properties.latency();
			return latency.isZero() ? Mono.just(charge) : Mono.delay(latency).thenReturn(charge);
		});
	}

	@Override
	public Mono<Charge> lookup(String idempotencyKey) {
		return Mono.justOrEmpty(byKey.get(idempotencyKey));
	}

	@Override
	public Mono<Void> refund(String paymentId) {
		return Mono.fromRunnable(() -> ledger.computeIfPresent(paymentId,
				(id, entry) -> new LedgerEntry(id, entry.idempotencyKey(), entry.amount(), entry.approved(), true)));
	}

	private final Map<String, PartialRefund> partialRefunds = new ConcurrentHashMap<>();

	private final Map<String, AtomicInteger> partialRefundCalls = new ConcurrentHashMap<>();

	/** A part of a charge given back, once per key (a resale's payout). */
	public record PartialRefund(String key, String paymentId, Money amount) {
	}

	@Override
	public Mono<Void> refundPart(String paymentId, Money amount, String key) {
		return Mono.fromRunnable(() -> {
			if (!ledger.containsKey(paymentId)) {
				throw new IllegalArgumentException("No such payment: " + paymentId);
			}
			partialRefundCalls.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
			partialRefunds.putIfAbsent(key, new PartialRefund(key, paymentId, amount));
		});
	}

	/** Every partial refund so far, once per key. */
	public List<PartialRefund> partialRefunds() {
		return List.copyOf(partialRefunds.values());
	}

	/** How often a partial refund was asked for with this key (repeats included). */
	public int partialRefundCalls(String key) {
		AtomicInteger calls = partialRefundCalls.get(key);
		return calls == null ? 0 : calls.get();
	}

	/** Every charge so far. */
	public List<LedgerEntry> ledger() {
		return List.copyOf(ledger.values());
	}

	/** Approved charges not refunded: money actually taken. */
	public List<LedgerEntry> captured() {
		return ledger.values().stream().filter(e -> e.approved() && !e.refunded()).toList();
	}

}
