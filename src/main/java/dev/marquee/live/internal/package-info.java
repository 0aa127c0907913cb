/**
 * The bus between nodes: seat changes, waiting-room steps and waitlist offers published
 * by this node's domain events and received from every node; in-process for a single
 * node, Kafka for several.
 */
package dev.marquee.live.internal;
