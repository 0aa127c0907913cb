/**
 * Seat holds in Redis: the all-or-nothing coat-check tag with a countdown nobody can extend,
 * its expiry (keyspace notifications plus a sweep), and the live seat state derived from Redis.
 * Depends on catalog and shared.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = { "catalog", "shared" })
package dev.marquee.hold;
