/**
 * Venues, their seat layouts and price tiers, and the events sold on them. Depends on shared only.
 */
package dev.marquee.catalog;
