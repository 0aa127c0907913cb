/**
 * Tickets, the one owner of the {@code ticket} table: issued and voided inside the sale's
 * own statements ({@link dev.marquee.ticket.TicketIssue},
 * {@link dev.marquee.ticket.TicketVoid}), signed codes and their QR images, scanning at
 * the door (each code admits once), and transfers that re-issue the code with an audit
 * trail. Depends on catalog (event ids), outbox and shared.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = { "catalog", "outbox", "shared" })
package dev.marquee.ticket;
