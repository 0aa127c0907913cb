package dev.marquee.catalog;

/**
 * Where an event stands with its organizers: a draft nobody can buy for yet, published
 * (on sale between its on-sale time and its start), or cancelled for good (every order is
 * refunded).
 */
public enum EventStatus {

	DRAFT, PUBLISHED, CANCELLED

}
