package dev.marquee.bench;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;

/**
 * Snapshot benchmark (not a test): one event of a big venue with a fifth of its seats
 * held at random, then WebSocket connections one after another, each reading its first
 * message (the snapshot) and closing, plain and with {@code permessage-deflate}. Reports
 * the snapshot's size on the wire and, per connection, the time from connecting to the
 * whole snapshot read and the server's CPU (handshake and snapshot together). Run through
 * bench/snapshot.sh.
 *
 * Arguments: baseUrl seats connections serverPid
 */
public final class SnapshotBenchmark {

	public static void main(String[] args) throws Exception {
		String base = args[0];
		int seats = Integer.parseInt(args[1]);
		int connections = Integer.parseInt(args[2]);
		long serverPid = Long.parseLong(args[3]);
		WebClient http = WebClient.builder().baseUrl(base).codecs(c -> c.defaultCodecs().maxInMemorySize(-1)).build();
		String admin = DemoTokens.token("bench-admin", "ADMIN");
		int perRow = 1000;
		List<Map<String, Object>> rows = new ArrayList<>();
		for (int r = 1; r <= seats / perRow; r++) {
			rows.add(Map.of("label", "R" + r, "seats", perRow));
		}
		String eventId = BenchEvents.create(http, admin, "Stadium", rows);
		// a fifth of the seats held, at random: a map that is not one glyph repeated
		List<Integer> order = new ArrayList<>();
		for (int i = 0; i < seats; i++) {
			order.add(i);
		}
		Collections.shuffle(order, new Random(42));
		int held = seats / 5;
		Flux.range(0, held / 100).flatMap(h -> {
			List<String> ids = order.subList(h * 100, h * 100 + 100)
				.stream()
				.map(i -> "F-R" + (i / perRow + 1) + "-" + (i % perRow + 1))
				.toList();
			return http.post()
				.uri("/api/v1/events/{id}/holds", eventId)
				.headers(hd -> hd.setBearerAuth(DemoTokens.token("stadium-" + h)))
				.bodyValue(Map.of("seatIds", ids))
				.retrieve()
				.toBodilessEntity();
		}, 8).blockLast();
		URI uri = URI.create(base);
		String path = "/ws/events/" + eventId;
		for (boolean deflate : new boolean[] { false, true, false, true }) {
			// warm: the snapshot is read and encoded once per seq, and the code paths
			// compiled
			for (int i = 0; i < 200; i++) {
				snapshot(uri, path, deflate);
			}
			long[] nanos = new long[connections];
			int bytes = 0;
			double cpuBefore = cpuSeconds(serverPid);
			for (int i = 0; i < connections; i++) {
				long start = System.nanoTime();
				bytes = snapshot(uri, path, deflate);
				nanos[i] = System.nanoTime() - start;
			}
			double cpu = cpuSeconds(serverPid) - cpuBefore;
			Arrays.sort(nanos);
			System.out.printf(
					"RESULT seats=%d held=%d deflate=%s snapshot_wire_bytes=%d connect_to_snapshot_p50_ms=%.2f p99_ms=%.2f server_cpu_ms_per_connection=%.2f%n",
					seats, held, deflate, bytes, nanos[connections / 2] / 1e6, nanos[connections * 99 / 100] / 1e6,
					cpu * 1000 / connections);
		}
		System.exit(0);
	}

	/** A process's user and system CPU seconds so far, from /proc. */
	private static double cpuSeconds(long pid) throws IOException {
		String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
	}

	/**
	 * Connects, reads the first message and closes; returns the message's size on the
	 * wire.
	 */
	private static int snapshot(URI base, String path, boolean deflate) throws IOException {
		try (Socket socket = new Socket()) {
			socket.setTcpNoDelay(true);
			socket.connect(new InetSocketAddress(base.getHost(), base.getPort()));
			OutputStream out = socket.getOutputStream();
			out.write(("GET " + path + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
					+ "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
					+ "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
					+ (deflate ? "Sec-WebSocket-Extensions: permessage-deflate\r\n" : "") + "\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			DataInputStream in = new DataInputStream(socket.getInputStream());
			ByteArrayOutputStream head = new ByteArrayOutputStream();
			while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
				head.write(in.readUnsignedByte());
			}
			in.readUnsignedByte();
			long length = in.readUnsignedByte() & 0x7f;
			int header = 2;
			if (length == 126) {
				length = in.readUnsignedShort();
				header += 2;
			}
			else if (length == 127) {
				length = in.readLong();
				header += 8;
			}
			in.readFully(new byte[(int) length]);
			return header + (int) length;
		}
	}

}
