/**
 * The transactional outbox: other modules write their events as rows in the same
 * statement or transaction as the change they announce
 * ({@link dev.marquee.outbox.Outbox}), and the relay sends them to Kafka in order, at
 * least once. Depends on nothing.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {})
package dev.marquee.outbox;
