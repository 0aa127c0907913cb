package dev.marquee.live;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonValue;

import dev.marquee.live.internal.SeatDelta;

/**
 * What a seat stream sends, the same JSON on the WebSocket, over SSE and over RSocket: a
 * {@link Snapshot} of every seat's status at a {@code seq}, then {@link Seats} batches of
 * changes.
 */
public sealed interface SeatMessage {

	Type type();

	long seq();

	/** The {@code type} of a message, as it is written on the wire. */
	enum Type {

		SNAPSHOT, SEATS;

		@JsonValue
		public String wire() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	/**
	 * Every seat's status at {@code seq}, one glyph per seat in the venue's fixed order.
	 */
	@JsonPropertyOrder({ "type", "seq", "statuses" })
	record Snapshot(long seq, String statuses) implements SeatMessage {

		@Override
		@JsonProperty
		public Type type() {
			return Type.SNAPSHOT;
		}

	}

	/**
	 * A batch of changes, contiguous in seq (it carries every seq from {@code fromSeq} to
	 * {@code seq}): apply it if {@code fromSeq <= lastSeq + 1} and {@code seq > lastSeq}
	 * (statuses are absolute, so an overlap is harmless); anything else is a gap.
	 */
	@JsonPropertyOrder({ "type", "fromSeq", "seq", "changes" })
	record Seats(long fromSeq, long seq, List<SeatDelta.Change> changes) implements SeatMessage {

		@Override
		@JsonProperty
		public Type type() {
			return Type.SEATS;
		}

		/**
		 * Merges a batch (contiguous in seq, {@link Coalescer} sees to it) into one
		 * message: seq order, one entry per seat with its latest status.
		 */
		static Seats coalesce(List<SeatDelta> batch) {
			List<SeatDelta> ordered = batch.stream().sorted(Comparator.comparingLong(SeatDelta::seq)).toList();
			Map<String, SeatDelta.Change> latest = new LinkedHashMap<>();
			for (SeatDelta delta : ordered) {
				for (SeatDelta.Change change : delta.changes()) {
					latest.remove(change.seatId());
					latest.put(change.seatId(), change);
				}
			}
			return new Seats(ordered.get(0).seq(), ordered.get(ordered.size() - 1).seq(), List.copyOf(latest.values()));
		}

	}

}
