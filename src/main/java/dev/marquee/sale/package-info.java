/**
 * Purchases: the payment gateway port, orders and tickets in PostgreSQL, exactly-once retries by
 * Idempotency-Key, and the guarantee that nobody pays without getting a ticket. Depends on hold,
 * catalog and shared.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = { "hold", "catalog", "shared" })
package dev.marquee.sale;
