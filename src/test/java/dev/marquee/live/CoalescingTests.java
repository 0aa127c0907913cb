package dev.marquee.live;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.marquee.shared.SeatStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Changes arriving within one window go out as one message: in seq order (even if they arrived
 * out of order), one entry per seat with its latest status, spanning fromSeq..seq.
 */
class CoalescingTests {

	static final UUID EVENT = UUID.randomUUID();

	static SeatDelta delta(long seq, String seat, SeatStatus status) {
		return new SeatDelta(EVENT, seq, List.of(new SeatDelta.Change(seat, status)), 0);
	}

	@Test
	void aBatchBecomesOneMessageWithTheLatestStatusPerSeat() {
		var message = SeatFeeds.coalesce(List.of(delta(8, "A-1", SeatStatus.AVAILABLE), delta(6, "A-1", SeatStatus.HELD),
				delta(7, "A-2", SeatStatus.HELD), delta(9, "A-2", SeatStatus.SOLD)));

		assertThat(message.type()).isEqualTo("seats");
		assertThat(message.fromSeq()).isEqualTo(6);
		assertThat(message.seq()).isEqualTo(9);
		assertThat(message.changes()).containsExactly(new SeatDelta.Change("A-1", SeatStatus.AVAILABLE),
				new SeatDelta.Change("A-2", SeatStatus.SOLD));
	}

	@Test
	void aSingleChangeSpansItsOwnSeq() {
		var message = SeatFeeds.coalesce(List.of(delta(3, "B-4", SeatStatus.HELD)));
		assertThat(message.fromSeq()).isEqualTo(3);
		assertThat(message.seq()).isEqualTo(3);
		assertThat(message.changes()).containsExactly(new SeatDelta.Change("B-4", SeatStatus.HELD));
	}

}
