/**
 * Live seat maps: every seat change, from whichever node made it, reaches every watcher as a
 * snapshot followed by deltas with {@code seq}; every queue watcher sees its position move; every waiter hears of an offer. Listens
 * to the domain events of hold, sale and queue;
 * nothing depends on this module.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = { "hold", "sale", "queue", "waitlist", "catalog", "shared" })
package dev.marquee.live;
