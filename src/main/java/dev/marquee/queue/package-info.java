/**
 * The virtual waiting room: deli-counter numbers in Redis, early joiners shuffled at
 * opening, one admitter (under a Redis lease) moving "now serving" on at each event's
 * admission rate, and HMAC-signed admission tokens that holds on a queue-protected event
 * require; buyers who ask are emailed when their turn comes (through the outbox).
 * Publishes {@link dev.marquee.queue.QueueAdvanced}. Depends on catalog, outbox and
 * shared.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = { "catalog", "outbox", "shared" })
package dev.marquee.queue;
