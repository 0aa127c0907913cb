/**
 * Venues, their seat layouts and price tiers, and the events sold on them. Depends on shared only.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = { "shared" })
package dev.marquee.catalog;
