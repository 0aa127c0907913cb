/**
 * The virtual waiting room: deli-counter numbers in Redis, early joiners shuffled at
 * opening, one admitter (under a Redis lease) moving "now serving" on at each event's
 * admission rate, and HMAC-signed admission tokens that holds on a queue-protected event
 * require. Publishes {@link dev.marquee.queue.QueueAdvanced}. Depends on catalog and
 * shared.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = { "catalog", "shared" })
package dev.marquee.queue;
