/**
 * Tickets after the sale: signed codes and their QR images, scanning at the door (each code
 * admits once), and transfers that re-issue the code with an audit trail. Depends on shared.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = { "shared" })
package dev.marquee.ticket;
