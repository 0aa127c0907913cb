package dev.marquee.live.web;

import java.util.ArrayDeque;

import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;

import dev.marquee.live.ReleasedChange;
import dev.marquee.live.ReleasedChanges;
import dev.marquee.shared.SeatStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The merged frames of one event loop: one per point a connection stands at, shared by
 * the connections standing there, cut at a change the feed gave up on, and let go when a
 * change comes.
 */
class BacklogTests {

	final ArrayDeque<ReleasedChange> changes = new ArrayDeque<>();

	final Backlog backlog = new Backlog();

	void take(long seq, String seat, SeatStatus status) {
		ReleasedChange change = ReleasedChanges.of(seq, seat, status);
		changes.add(change);
		backlog.taken(change);
	}

	@Test
	void connectionsThatHadTheSameChangesShareOneFrameMergingTheRest() {
		take(1, "A-1", SeatStatus.HELD);
		take(2, "A-2", SeatStatus.HELD);
		take(3, "A-1", SeatStatus.SOLD);

		Backlog.Wire first = backlog.over(changes).after(0);
		assertThat(backlog.over(changes).after(0)).isSameAs(first);
		assertThat(first.frame.fromSeq()).isEqualTo(1);
		assertThat(first.frame.seq()).isEqualTo(3);
		// one entry per seat, its latest status, in seq order
		assertThat(first.frame.text()).contains(
				"\"changes\":[{\"seatId\":\"A-2\",\"status\":\"HELD\"}," + "{\"seatId\":\"A-1\",\"status\":\"SOLD\"}]");

		Backlog.Wire later = backlog.over(changes).after(2);
		assertThat(later).isNotSameAs(first);
		assertThat(later.frame.fromSeq()).isEqualTo(3);
		assertThat(backlog.over(changes).after(3)).isNull();
	}

	@Test
	void aChangeTheFeedGaveUpOnCutsTheChangesIntoTwoFrames() {
		take(1, "A-1", SeatStatus.HELD);
		take(2, "A-2", SeatStatus.HELD);
		take(4, "A-4", SeatStatus.HELD);
		take(5, "A-5", SeatStatus.HELD);

		Backlog.Wire before = backlog.over(changes).after(0);
		assertThat(before.frame.fromSeq()).isEqualTo(1);
		assertThat(before.frame.seq()).isEqualTo(2);
		Backlog.Wire after = backlog.over(changes).after(2);
		assertThat(after.frame.fromSeq()).isEqualTo(4);
		assertThat(after.frame.seq()).isEqualTo(5);
	}

	@Test
	void aNewChangeLetsTheFramesMadeGoAndTheNextOneMergesIt() {
		take(1, "A-1", SeatStatus.HELD);
		Backlog.Wire old = backlog.over(changes).after(0);
		ByteBuf plain = old.bytes(false);
		ByteBuf deflated = old.bytes(true);
		// a write under way holds its own reference
		ByteBuf written = plain.retainedDuplicate();

		take(2, "A-2", SeatStatus.HELD);
		assertThat(plain.refCnt()).isEqualTo(1);
		assertThat(deflated.refCnt()).isZero();
		written.release();
		assertThat(plain.refCnt()).isZero();

		Backlog.Wire now = backlog.over(changes).after(0);
		assertThat(now.frame.fromSeq()).isEqualTo(1);
		assertThat(now.frame.seq()).isEqualTo(2);
		backlog.forget();
	}

}
