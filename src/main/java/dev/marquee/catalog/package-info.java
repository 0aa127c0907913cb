/**
 * Venues, their seat layouts and price tiers, and the events sold on them. Depends on
 * shared only.
 */
@ApplicationModule(allowedDependencies = { "shared" })
package dev.marquee.catalog;

import org.springframework.modulith.ApplicationModule;
