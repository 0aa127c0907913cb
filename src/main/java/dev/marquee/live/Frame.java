package dev.marquee.live;

import java.nio.charset.StandardCharsets;

import tools.jackson.databind.json.JsonMapper;

/**
 * A seat-stream message ready to send: its type, the seqs it covers
 * ({@code fromSeq..seq}; a snapshot has {@code fromSeq} 0, it starts afresh), and its
 * JSON as text and as UTF-8 bytes, serialized once for every subscriber; its Server-Sent
 * Event is made once too, on first use.
 */
public final class Frame {

	private final SeatMessage.Type type;

	private final long fromSeq;

	private final long seq;

	private final String text;

	private final byte[] bytes;

	/** The Server-Sent Event, made by the first SSE subscriber to send it. */
	private volatile byte[] event;

	Frame(SeatMessage.Type type, long fromSeq, long seq, String text) {
		this.type = type;
		this.fromSeq = fromSeq;
		this.seq = seq;
		this.text = text;
		this.bytes = text.getBytes(StandardCharsets.UTF_8);
	}

	static Frame of(SeatMessage message, JsonMapper json) {
		String text = json.writeValueAsString(message);
		long fromSeq = switch (message) {
			case SeatMessage.Snapshot snapshot -> 0;
			case SeatMessage.Seats seats -> seats.fromSeq();
		};
		return new Frame(message.type(), fromSeq, message.seq(), text);
	}

	public SeatMessage.Type type() {
		return type;
	}

	public long fromSeq() {
		return fromSeq;
	}

	public long seq() {
		return seq;
	}

	public String text() {
		return text;
	}

	/** The JSON as UTF-8; shared, not to be changed. */
	public byte[] bytes() {
		return bytes;
	}

	/**
	 * The message as one Server-Sent Event ({@code id} = seq, {@code event} = type,
	 * {@code data} = the JSON, which has no line break), in UTF-8; shared, not to be
	 * changed.
	 */
	public byte[] serverSentEvent() {
		byte[] made = event;
		if (made == null) {
			made = ("id:" + seq + "\nevent:" + type.wire() + "\ndata:" + text + "\n\n")
				.getBytes(StandardCharsets.UTF_8);
			event = made;
		}
		return made;
	}

	@Override
	public String toString() {
		return "Frame[" + type.wire() + " " + fromSeq + ".." + seq + "]";
	}

}
