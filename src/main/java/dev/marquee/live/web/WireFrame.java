package dev.marquee.live.web;

import java.util.Arrays;
import java.util.zip.Deflater;

/**
 * A seat-stream message as the complete WebSocket frame a server sends (RFC 6455: FIN,
 * text, unmasked, so the same bytes suit every connection), plain or compressed once for
 * every connection that accepted {@code permessage-deflate} (RFC 7692). Written as it is,
 * past Netty's frame encoder, to each connection.
 * <p>
 * Each compressed message starts a fresh deflate stream, without referring to earlier
 * messages: that is valid whatever context takeover the handshake settled, since a
 * receiver that keeps its window only finds that the sender never used it. Nothing else
 * on these connections is compressed by Netty's per-connection encoder (every data frame
 * comes from here; pings and the close are control frames), so no connection's context is
 * ever shared or skewed.
 */
final class WireFrame {

	private static final int FIN_TEXT = 0x81;

	private static final int RSV1 = 0x40;

	/** Below this the deflate block overhead outweighs what it saves. */
	private static final int COMPRESS_FROM = 128;

	/** The empty stored block a sync flush ends with, which RFC 7692 drops. */
	private static final byte[] SYNC_TAIL = { 0, 0, (byte) 0xff, (byte) 0xff };

	private WireFrame() {
	}

	/** The payload as one uncompressed text frame. */
	static byte[] plain(byte[] payload) {
		return frame(payload, payload.length, false);
	}

	/**
	 * The payload as one text frame compressed with {@code permessage-deflate}, or plain
	 * when compressing does not make it smaller (allowed: RSV1 marks a compressed one).
	 */
	static byte[] deflated(byte[] payload) {
		if (payload.length < COMPRESS_FROM) {
			return plain(payload);
		}
		byte[] compressed = deflate(payload);
		if (compressed.length >= payload.length) {
			return plain(payload);
		}
		return frame(compressed, compressed.length, true);
	}

	private static byte[] deflate(byte[] payload) {
		Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
		try {
			deflater.setInput(payload);
			byte[] out = new byte[Math.max(64, payload.length / 2)];
			int length = 0;
			while (true) {
				length += deflater.deflate(out, length, out.length - length, Deflater.SYNC_FLUSH);
				if (length < out.length) {
					break;
				}
				out = Arrays.copyOf(out, out.length * 2);
			}
			// a sync flush ends with 00 00 ff ff, which the receiver adds back
			int end = length;
			if (end >= 4 && Arrays.equals(out, end - 4, end, SYNC_TAIL, 0, 4)) {
				end -= 4;
			}
			return Arrays.copyOf(out, end);
		}
		finally {
			deflater.end();
		}
	}

	private static byte[] frame(byte[] payload, int length, boolean compressed) {
		int header = (length < 126) ? 2 : (length < 65536) ? 4 : 10;
		byte[] frame = new byte[header + length];
		frame[0] = (byte) (FIN_TEXT | (compressed ? RSV1 : 0));
		if (length < 126) {
			frame[1] = (byte) length;
		}
		else if (length < 65536) {
			frame[1] = 126;
			frame[2] = (byte) (length >>> 8);
			frame[3] = (byte) length;
		}
		else {
			frame[1] = 127;
			for (int i = 0; i < 8; i++) {
				frame[2 + i] = (byte) ((long) length >>> (56 - 8 * i));
			}
		}
		System.arraycopy(payload, 0, frame, header, length);
		return frame;
	}

}
