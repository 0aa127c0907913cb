/**
 * The seat-aware waitlist: for a sold-out section, buyers queue asking for N seats
 * (together or not); when seats come free (expiry, release, cancellation), the next
 * waiter they fit gets an automatic hold for a short offer window, announced live; a
 * lapsed offer moves on. Publishes {@link dev.marquee.waitlist.WaitlistOffered}. Depends
 * on hold, sale, queue (joining the line of a queue-protected event needs an admission),
 * catalog, outbox (each offer leaves a row, so the waiter is emailed) and shared.
 */
@org.springframework.modulith.ApplicationModule(
		allowedDependencies = { "hold", "sale", "queue", "catalog", "outbox", "shared" })
package dev.marquee.waitlist;
