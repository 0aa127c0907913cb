package dev.marquee.ops;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.marquee.support.IntegrationTest;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node at its connection limit refuses new connections with a 503 problem instead of
 * running out of file descriptors, and takes them again once others close.
 */
@TestPropertySource(properties = "marquee.server.max-connections=4")
class ConnectionLimitTests extends IntegrationTest {

	private String answerOf(Socket socket) throws IOException {
		socket.setSoTimeout(5_000);
		socket.getOutputStream()
			.write("GET /actuator/health/liveness HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
		InputStream in = socket.getInputStream();
		byte[] buffer = new byte[1024];
		int n = in.read(buffer);
		return n <= 0 ? "" : new String(buffer, 0, n, StandardCharsets.UTF_8);
	}

	@Test
	void pastTheLimitANewConnectionGetsA503AndRoomComesBack() throws Exception {
		List<Socket> held = new ArrayList<>();
		try {
			// fill the node (a connection or two of the test's own client may still be
			// open too)
			Socket probe;
			String answer;
			do {
				probe = new Socket("127.0.0.1", port);
				held.add(probe);
				answer = answerOf(probe);
			}
			while (answer.startsWith("HTTP/1.1 200") && held.size() < 10);
			assertThat(answer).startsWith("HTTP/1.1 503")
				.contains("application/problem+json")
				.contains("Retry-After: 5")
				.contains("too-many-connections");
			assertThat(held.size()).isLessThanOrEqualTo(5);

			for (Socket socket : held) {
				socket.close();
			}
			held.clear();
			Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
				try (Socket again = new Socket("127.0.0.1", port)) {
					return answerOf(again).startsWith("HTTP/1.1 200");
				}
			});
		}
		finally {
			for (Socket socket : held) {
				socket.close();
			}
		}
	}

}
