/**
 * Messages to buyers by email: an order confirmed with its tickets, an order cancelled
 * (by the buyer, the organizers or with its event), a ticket received by transfer, a
 * ticket resold (to its seller), the tickets sent again, a waitlist offer with its
 * deadline, an event postponed, a turn in the waiting room. Letters are written from the
 * outbox rows each change leaves (read like the Kafka relay reads them, at least once,
 * one letter per row) and sent over SMTP with Spring Mail; addresses come from the
 * buyers' tokens ({@link dev.marquee.security.CallerIdentified}). Depends on catalog,
 * ticket, security and shared.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = { "catalog", "ticket", "security", "shared" })
package dev.marquee.mail;
