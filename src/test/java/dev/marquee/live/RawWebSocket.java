package dev.marquee.live;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A WebSocket client on a plain TCP socket, written for tests that need what a library
 * client hides: a small receive buffer and reading only when told to (a peer that stops
 * reading for real), the handshake's headers, and the frames as they arrive (compressed
 * or not).
 */
final class RawWebSocket implements AutoCloseable {

	/**
	 * A frame as received; {@code text} is its payload, inflated if it was compressed.
	 */
	record Frame(int opcode, boolean compressed, int wireLength, String text) {

		boolean isClose() {
			return opcode == 8;
		}

		/** A close frame's status code. */
		int closeCode() {
			byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
			return ((bytes[0] & 0xff) << 8) | (bytes[1] & 0xff);
		}

	}

	private final Socket socket;

	private final DataInputStream in;

	final String handshake;

	private long bytesRead;

	/**
	 * Connects with the given receive buffer, offering {@code permessage-deflate} if
	 * asked, and reads the handshake's answer.
	 */
	RawWebSocket(int port, String path, int receiveBuffer, boolean offerDeflate) throws IOException {
		socket = new Socket();
		socket.setReceiveBufferSize(receiveBuffer);
		socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
		socket.setSoTimeout(20_000);
		OutputStream out = socket.getOutputStream();
		out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
				+ "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
				+ "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
				+ (offerDeflate ? "Sec-WebSocket-Extensions: permessage-deflate\r\n" : "") + "\r\n")
			.getBytes(StandardCharsets.US_ASCII));
		out.flush();
		in = new DataInputStream(socket.getInputStream());
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
			head.write(in.readUnsignedByte());
		}
		handshake = head.toString(StandardCharsets.US_ASCII);
	}

	/** The next frame (a server's frames are not masked). */
	Frame next() throws IOException {
		int first = in.readUnsignedByte();
		int second = in.readUnsignedByte();
		long length = second & 0x7f;
		int header = 2;
		if (length == 126) {
			length = in.readUnsignedShort();
			header += 2;
		}
		else if (length == 127) {
			length = in.readLong();
			header += 8;
		}
		byte[] payload = new byte[(int) length];
		in.readFully(payload);
		bytesRead += header + length;
		boolean compressed = (first & 0x40) != 0;
		String text = compressed ? inflate(payload)
				: new String(payload, ((first & 0x0f) == 8) ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
		return new Frame(first & 0x0f, compressed, header + (int) length, text);
	}

	/** The next text frame, skipping pings. */
	Frame nextMessage() throws IOException {
		Frame frame = next();
		while (frame.opcode() == 9 || frame.opcode() == 10) {
			frame = next();
		}
		return frame;
	}

	long bytesRead() {
		return bytesRead;
	}

	private static String inflate(byte[] payload) throws IOException {
		Inflater inflater = new Inflater(true);
		try {
			byte[] input = new byte[payload.length + 4];
			System.arraycopy(payload, 0, input, 0, payload.length);
			input[payload.length + 2] = (byte) 0xff;
			input[payload.length + 3] = (byte) 0xff;
			inflater.setInput(input);
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			byte[] chunk = new byte[4096];
			while (!inflater.needsInput()) {
				int n = inflater.inflate(chunk);
				if (n == 0 && inflater.needsInput()) {
					break;
				}
				out.write(chunk, 0, n);
			}
			return out.toString(StandardCharsets.UTF_8);
		}
		catch (DataFormatException ex) {
			throw new IOException("a compressed frame did not inflate", ex);
		}
		finally {
			inflater.end();
		}
	}

	/** Sends a close frame with the given code (a client's frames are masked). */
	void sendClose(int code) throws IOException {
		byte[] mask = { 1, 2, 3, 4 };
		byte[] payload = { (byte) (code >> 8), (byte) code };
		OutputStream out = socket.getOutputStream();
		out.write(new byte[] { (byte) 0x88, (byte) (0x80 | payload.length), mask[0], mask[1], mask[2], mask[3],
				(byte) (payload[0] ^ mask[0]), (byte) (payload[1] ^ mask[1]) });
		out.flush();
	}

	/**
	 * Hangs up with a reset rather than a FIN, as a crashed client or a dropped network.
	 */
	void reset() throws IOException {
		socket.setSoLinger(true, 0);
		socket.close();
	}

	@Override
	public void close() throws IOException {
		socket.close();
	}

}
