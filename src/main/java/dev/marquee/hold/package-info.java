/**
 * Seat holds in Redis: the all-or-nothing coat-check tag with a countdown nobody can
 * extend, its expiry (keyspace notifications plus a sweep), and the live seat state
 * derived from Redis. Holds on a queue-protected event need the waiting room's admission.
 * Prices are locked into a hold when it is placed ({@link dev.marquee.hold.SeatPricing}).
 * Depends on catalog, pricing, queue and shared.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = { "catalog", "pricing", "queue", "shared" })
package dev.marquee.hold;
