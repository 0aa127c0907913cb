package dev.marquee.hold;

import java.util.List;
import java.util.UUID;

/**
 * Sold seats of an event were listed for resale by their ticket holders ({@code listed}:
 * RESALE on every map, holdable), or their listing ended (back to SOLD), at {@code seq}.
 */
public record SeatsResale(UUID eventId, List<String> seatIds, boolean listed, long seq) {

	public SeatsResale {
		seatIds = List.copyOf(seatIds);
	}

}
