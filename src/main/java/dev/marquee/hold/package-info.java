/**
 * Seat holds in Redis: the all-or-nothing coat-check tag with a countdown nobody can
 * extend, its expiry (keyspace notifications plus a sweep), and the live seat state
 * derived from Redis. Holds on a queue-protected event need the waiting room's admission.
 * Depends on catalog, queue and shared.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = { "catalog", "queue", "shared" })
package dev.marquee.hold;
