/**
 * Dynamic prices: organizers' rules that move a tier's price while an event sells (time
 * windows such as early bird or last minute, demand steps by the share sold), kept in
 * memory per event on every node ({@link dev.marquee.pricing.PriceRules}), evaluated when
 * a seat is held ({@link dev.marquee.pricing.PriceBook}), and the audit of what each sold
 * seat was charged and why ({@link dev.marquee.pricing.PriceAudit}). Depends on catalog
 * and shared.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = { "catalog", "shared" })
package dev.marquee.pricing;
