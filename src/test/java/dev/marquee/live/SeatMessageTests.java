package dev.marquee.live;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.marquee.live.internal.SeatDelta;
import dev.marquee.shared.SeatStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Changes arriving within one window go out as one message: in seq order (even if they
 * arrived out of order), one entry per seat with its latest status, spanning
 * fromSeq..seq. Each message is written as the JSON the streams have always sent.
 */
class SeatMessageTests {

	static final UUID EVENT = UUID.randomUUID();

	final JsonMapper json = JsonMapper.builder().build();

	static SeatDelta delta(long seq, String seat, SeatStatus status) {
		return new SeatDelta(EVENT, seq, List.of(new SeatDelta.Change(seat, status)), 0);
	}

	@Test
	void aBatchBecomesOneMessageWithTheLatestStatusPerSeat() {
		var message = SeatMessage.Seats.coalesce(List.of(delta(8, "A-1", SeatStatus.AVAILABLE),
				delta(6, "A-1", SeatStatus.HELD), delta(7, "A-2", SeatStatus.HELD), delta(9, "A-2", SeatStatus.SOLD)));

		assertThat(message.type()).isEqualTo(SeatMessage.Type.SEATS);
		assertThat(message.fromSeq()).isEqualTo(6);
		assertThat(message.seq()).isEqualTo(9);
		assertThat(message.changes()).containsExactly(new SeatDelta.Change("A-1", SeatStatus.AVAILABLE),
				new SeatDelta.Change("A-2", SeatStatus.SOLD));
	}

	@Test
	void aSingleChangeSpansItsOwnSeq() {
		var message = SeatMessage.Seats.coalesce(List.of(delta(3, "B-4", SeatStatus.HELD)));
		assertThat(message.fromSeq()).isEqualTo(3);
		assertThat(message.seq()).isEqualTo(3);
		assertThat(message.changes()).containsExactly(new SeatDelta.Change("B-4", SeatStatus.HELD));
	}

	@Test
	void aSnapshotFrameIsTheSnapshotJsonStartingAfresh() {
		Frame frame = Frame.of(new SeatMessage.Snapshot(41, "..HX"), json);

		assertThat(frame.text()).isEqualTo("{\"type\":\"snapshot\",\"seq\":41,\"statuses\":\"..HX\"}");
		assertThat(frame.type()).isEqualTo(SeatMessage.Type.SNAPSHOT);
		assertThat(frame.fromSeq()).isZero();
		assertThat(frame.seq()).isEqualTo(41);
		assertThat(new String(frame.bytes())).isEqualTo(frame.text());
	}

	@Test
	void aSeatsFrameIsTheDeltaJsonCoveringItsSeqs() {
		Frame frame = Frame.of(
				SeatMessage.Seats.coalesce(List.of(delta(7, "A-2", SeatStatus.HELD), delta(8, "A-3", SeatStatus.SOLD))),
				json);

		assertThat(frame.text()).isEqualTo("{\"type\":\"seats\",\"fromSeq\":7,\"seq\":8,\"changes\":["
				+ "{\"seatId\":\"A-2\",\"status\":\"HELD\"},{\"seatId\":\"A-3\",\"status\":\"SOLD\"}]}");
		assertThat(frame.type()).isEqualTo(SeatMessage.Type.SEATS);
		assertThat(frame.fromSeq()).isEqualTo(7);
		assertThat(frame.seq()).isEqualTo(8);
	}

}
