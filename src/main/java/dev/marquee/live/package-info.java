/**
 * Live seat maps: every seat change, from whichever node made it, reaches every watcher
 * as a snapshot followed by deltas with {@code seq}; every queue watcher sees its
 * position move; every waiter hears of an offer. The feeds
 * ({@link dev.marquee.live.SeatFeeds}, {@code QueueFeeds}, {@code WaitlistFeeds}) and
 * their messages are the module's face to its transports in {@code web/}; the bus between
 * nodes (in-process or Kafka), fed by the domain events of hold, queue and waitlist, is
 * {@code internal/}. Nothing depends on this module.
 */
@ApplicationModule(allowedDependencies = { "hold", "queue", "waitlist", "catalog", "shared" })
package dev.marquee.live;

import org.springframework.modulith.ApplicationModule;
