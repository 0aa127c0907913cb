/**
 * Purchases, each job in a class named for it: buying a hold exactly once per
 * Idempotency-Key ({@link dev.marquee.sale.PurchaseManagement},
 * {@link dev.marquee.sale.Checkout}), cancelling
 * ({@link dev.marquee.sale.Cancellations}), refunding charges a dead node left without an
 * order ({@link dev.marquee.sale.StrandedPaymentRecovery}), keeping Redis's sold seats
 * true to PostgreSQL's tickets ({@link dev.marquee.sale.SoldSeatsReconciler}) and the
 * card processor's port ({@link dev.marquee.sale.PaymentGateway}). Orders and attempts
 * are its tables; tickets are issued by the ticket module and events written to the
 * outbox inside the sale's own statements. Each ticket carries the price locked into its
 * hold, audited in the same statement (pricing's {@code price_audit}). Depends on hold,
 * ticket, outbox, catalog, pricing and shared.
 */
@org.springframework.modulith.ApplicationModule(
		allowedDependencies = { "hold", "ticket", "outbox", "catalog", "pricing", "shared" })
package dev.marquee.sale;
