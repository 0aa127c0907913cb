/**
 * Live seat maps: every seat change, from whichever node made it, reaches every watcher as a
 * snapshot followed by deltas with {@code seq}. Listens to the domain events of hold and sale;
 * nothing depends on this module.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = { "hold", "sale", "catalog", "shared" })
package dev.marquee.live;
