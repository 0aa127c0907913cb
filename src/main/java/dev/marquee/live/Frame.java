package dev.marquee.live;

import java.nio.charset.StandardCharsets;

import tools.jackson.databind.json.JsonMapper;

/**
 * A seat-stream message ready to send: its type, the seqs it covers
 * ({@code fromSeq..seq}; a snapshot has {@code fromSeq} 0, it starts afresh), and its
 * JSON as text and as UTF-8 bytes, serialized once for every subscriber.
 */
public record Frame(SeatMessage.Type type, long fromSeq, long seq, String text, byte[] bytes) {

	static Frame of(SeatMessage message, JsonMapper json) {
		String text = json.writeValueAsString(message);
		long fromSeq = switch (message) {
			case SeatMessage.Snapshot snapshot -> 0;
			case SeatMessage.Seats seats -> seats.fromSeq();
		};
		return new Frame(message.type(), fromSeq, message.seq(), text, text.getBytes(StandardCharsets.UTF_8));
	}

}
