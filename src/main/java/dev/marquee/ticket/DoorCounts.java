package dev.marquee.ticket;

import java.util.List;
import java.util.UUID;

/** An event's admissions: in total, per gate, and of how many live tickets. */
public record DoorCounts(UUID eventId, long tickets, long admitted, List<GateCount> gates) {

	/** The admissions at one gate. */
	public record GateCount(String gate, long admitted) {
	}

}
