package dev.marquee.bench;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Map;
import java.util.function.ToIntFunction;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * The distinct messages of one seat stream, each decoded once: the server sends the same
 * bytes of a message to every watcher, so a frame is looked up by its payload's length
 * and CRC32 (of the bytes as they arrived, compressed or not), and only a frame not seen
 * before is inflated (permessage-deflate, RFC 7692) and parsed. The last
 * {@value #CAPACITY} distinct messages are kept (a few seconds of a stream), so memory
 * stays flat; a frame older than that is simply decoded again. Confined to the watchers'
 * event loop thread.
 */
final class SeatFrames {

	private static final int CAPACITY = 256;

	private static final byte[] DEFLATE_TAIL = { 0, 0, (byte) 0xff, (byte) 0xff };

	private static final long[] NO_TIMES = {};

	private static final int[] NO_CHANGES = {};

	private final Message[] recent = new Message[CAPACITY];

	private int next;

	private final CRC32 crc = new CRC32();

	private final Inflater inflater = new Inflater(true);

	private final JsonFactory json = new JsonFactory();

	private final Map<String, Long> sentAt;

	private final ToIntFunction<String> changeNumber;

	private final String warmUpPrefix;

	/** Frames decoded (cache misses). */
	long decoded;

	/** Frames whose payload could not be inflated or parsed. */
	long undecodable;

	/**
	 * Messages made from the measured changes' send times.
	 * @param sentAt when each measured change was sent (System.nanoTime), by seat id,
	 * filled before its hold is sent
	 * @param changeNumber the number of a measured change, from its seat id
	 * @param warmUpPrefix the seat ids of the warm-up's changes start with this
	 */
	SeatFrames(Map<String, Long> sentAt, ToIntFunction<String> changeNumber, String warmUpPrefix) {
		this.sentAt = sentAt;
		this.changeNumber = changeNumber;
		this.warmUpPrefix = warmUpPrefix;
	}

	/**
	 * The message a frame carries, decoded once per distinct payload.
	 * @param buf holds the frame's payload, as it arrived
	 * @param index where the payload starts in {@code buf}
	 * @param length the payload's length
	 * @param compressed whether the frame had RSV1 set (permessage-deflate)
	 * @return the message; an undecodable one is a seats message that covers no seq
	 */
	Message lookup(ByteBuf buf, int index, int length, boolean compressed) {
		this.crc.reset();
		this.crc.update(buf.nioBuffer(index, length));
		long key = ((long) length << 33) | (compressed ? 1L << 32 : 0) | this.crc.getValue();
		for (int back = 1; back <= CAPACITY; back++) {
			Message message = this.recent[(this.next - back) & (CAPACITY - 1)];
			if (message == null) {
				break;
			}
			if (message.key() == key) {
				return message;
			}
		}
		Message message = decode(key, ByteBufUtil.getBytes(buf, index, length), compressed);
		this.recent[this.next++ & (CAPACITY - 1)] = message;
		return message;
	}

	private Message decode(long key, byte[] wire, boolean compressed) {
		this.decoded++;
		try {
			byte[] plain = compressed ? inflate(wire) : wire;
			return parse(key, plain);
		}
		catch (DataFormatException | RuntimeException ex) {
			this.undecodable++;
			return new Message(key, false, Long.MAX_VALUE, Long.MIN_VALUE, NO_TIMES, NO_CHANGES, 0, wire.length);
		}
	}

	/**
	 * Inflates one message on its own: the server compresses every message without
	 * context takeover.
	 */
	private byte[] inflate(byte[] wire) throws DataFormatException {
		this.inflater.reset();
		byte[] input = Arrays.copyOf(wire, wire.length + DEFLATE_TAIL.length);
		System.arraycopy(DEFLATE_TAIL, 0, input, wire.length, DEFLATE_TAIL.length);
		this.inflater.setInput(input);
		ByteArrayOutputStream plain = new ByteArrayOutputStream(wire.length * 4);
		byte[] chunk = new byte[Math.max(4096, wire.length * 4)];
		while (true) {
			int n = this.inflater.inflate(chunk);
			plain.write(chunk, 0, n);
			if (n == 0 && (this.inflater.needsInput() || this.inflater.finished() || this.inflater.needsDictionary())) {
				return plain.toByteArray();
			}
		}
	}

	private Message parse(long key, byte[] plain) {
		boolean snapshot = false;
		long fromSeq = 0;
		long seq = Long.MIN_VALUE;
		long[] times = NO_TIMES;
		int[] changes = NO_CHANGES;
		int measured = 0;
		int warmUps = 0;
		try (JsonParser parser = this.json.createParser(ObjectReadContext.empty(), plain, 0, plain.length)) {
			expect(parser.nextToken(), JsonToken.START_OBJECT);
			while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
				String name = parser.currentName();
				JsonToken value = parser.nextToken();
				switch (name) {
					case "type" -> snapshot = "snapshot".equals(parser.getString());
					case "fromSeq" -> fromSeq = parser.getLongValue();
					case "seq" -> seq = parser.getLongValue();
					case "changes" -> {
						expect(value, JsonToken.START_ARRAY);
						times = new long[16];
						changes = new int[16];
						while (parser.nextToken() == JsonToken.START_OBJECT) {
							String seat = null;
							String status = null;
							while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
								String field = parser.currentName();
								parser.nextToken();
								if ("seatId".equals(field)) {
									seat = parser.getString();
								}
								else if ("status".equals(field)) {
									status = parser.getString();
								}
								else {
									parser.skipChildren();
								}
							}
							if (seat == null) {
								continue;
							}
							if (seat.startsWith(this.warmUpPrefix)) {
								warmUps++;
							}
							Long sent = this.sentAt.get(seat);
							if (sent != null && "HELD".equals(status)) {
								if (measured == times.length) {
									times = Arrays.copyOf(times, measured * 2);
									changes = Arrays.copyOf(changes, measured * 2);
								}
								times[measured] = sent;
								changes[measured++] = this.changeNumber.applyAsInt(seat);
							}
						}
					}
					default -> parser.skipChildren();
				}
			}
		}
		return new Message(key, snapshot, snapshot ? 0 : fromSeq, seq, Arrays.copyOf(times, measured),
				Arrays.copyOf(changes, measured), warmUps, plain.length);
	}

	private static void expect(JsonToken token, JsonToken expected) {
		if (token != expected) {
			throw new IllegalArgumentException("expected " + expected + ", got " + token);
		}
	}

	/**
	 * One distinct message.
	 *
	 * @param key its payload's length, whether it was compressed, and its CRC32
	 * @param snapshot a snapshot (else a batch of seat changes)
	 * @param fromSeq the first seq a batch carries (0 for a snapshot)
	 * @param seq the last seq it carries (a snapshot's seq)
	 * @param sentAt the send times (System.nanoTime) of the measured changes it carries
	 * that made their seat HELD
	 * @param changes the numbers of those changes, in the same order
	 * @param warmUps how many of the warm-up's changes it carries
	 * @param plainBytes its size uncompressed
	 */
	record Message(long key, boolean snapshot, long fromSeq, long seq, long[] sentAt, int[] changes, int warmUps,
			int plainBytes) {
	}

}
