package dev.marquee.catalog;

/**
 * What kind of place a seat is. Best available offers wheelchair places and their
 * companion seats only to a buyer who asks for them, and the map shows each kind.
 */
public enum SeatCategory {

	STANDARD, WHEELCHAIR, COMPANION, RESTRICTED_VIEW

}
