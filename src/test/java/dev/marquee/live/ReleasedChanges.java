package dev.marquee.live;

import java.util.List;
import java.util.UUID;

import tools.jackson.databind.json.JsonMapper;

import dev.marquee.live.internal.SeatDelta;
import dev.marquee.shared.SeatStatus;

/**
 * Changes as a feed releases them, for the tests of the fan-outs outside this package.
 */
public final class ReleasedChanges {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final UUID EVENT = UUID.randomUUID();

	private ReleasedChanges() {
	}

	/** One seat's change at {@code seq}, serialized as the feed does. */
	public static ReleasedChange of(long seq, String seatId, SeatStatus status) {
		return new ReleasedChange(new SeatDelta(EVENT, seq, List.of(new SeatDelta.Change(seatId, status)), 0),
				message -> Frame.of(message, JSON));
	}

}
