package dev.marquee.security;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import io.rsocket.RSocket;
import io.rsocket.exceptions.ConnectionErrorException;
import org.junit.jupiter.api.Test;

import dev.marquee.support.IntegrationTest;
import dev.marquee.support.RSocketClients;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.rsocket.netty.NettyRSocketServerFactory;
import org.springframework.boot.rsocket.server.RSocketServerFactory;
import org.springframework.messaging.rsocket.RSocketRequester;
import org.springframework.security.rsocket.metadata.BearerTokenMetadata;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static dev.marquee.support.RSocketClients.BEARER;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RSocket payloads are capped like HTTP bodies (64 KB), on TCP and on WebSocket, whole or
 * in fragments: past the cap the client gets an error and its connection is closed,
 * before the server has reassembled (and held) the rest, while everyone else is served as
 * before.
 */
class RSocketSizeLimitTests extends IntegrationTest {

	/** A megabyte of payload, far past the 64 KB cap. */
	static final Map<String, Object> OVERSIZED = Map.of("eventId", UUID.randomUUID().toString(), "seatIds",
			List.of("S-A-1"), "admissionToken", "a".repeat(1024 * 1024));

	@Autowired
	RSocketClients rsocket;

	@Autowired
	RSocketServerFactory rsocketServers;

	private RSocketRequester.Builder builder(int fragmentSize) {
		return rsocket.builder().rsocketConnector(connector -> connector.fragment(fragmentSize));
	}

	private int tcpPort() {
		return rsocket.tcpPort();
	}

	/**
	 * Sends the oversized payload on a fresh connection and checks it is refused and the
	 * connection closed.
	 */
	private void assertRefusedAndClosed(RSocketRequester requester) {
		try {
			RSocket connection = requester.rsocketClient().source().block(Duration.ofSeconds(10));
			StepVerifier.create(requester.route("holds.create").data(OVERSIZED).retrieveMono(Map.class))
				.expectError()
				.verify(Duration.ofSeconds(10));
			// closed, with or without the server's connection error as the reason
			StepVerifier
				.create(connection.onClose().onErrorResume(ConnectionErrorException.class, error -> Mono.empty()))
				.expectComplete()
				.verify(Duration.ofSeconds(10));
			assertThat(connection.isDisposed()).isTrue();
		}
		finally {
			requester.dispose();
		}
	}

	/** A normal hold on a new connection still works. */
	private void assertServedAsBefore(Function<RSocketRequester.Builder, RSocketRequester> connect) {
		UUID event = event(4);
		RSocketRequester requester = connect.apply(builder(0).setupMetadata(new BearerTokenMetadata(buyer()), BEARER));
		try {
			Map<?, ?> hold = requester.route("holds.create")
				.data(Map.of("eventId", event.toString(), "seatIds", List.of("S-A-1")))
				.retrieveMono(Map.class)
				.block(Duration.ofSeconds(10));
			assertThat(hold.get("status")).isEqualTo("ACTIVE");
		}
		finally {
			requester.dispose();
		}
	}

	@Test
	void aFragmentedOversizedPayloadOverTcpClosesTheConnectionAndOthersAreServed() {
		assertRefusedAndClosed(builder(16 * 1024).tcp("localhost", tcpPort()));
		assertServedAsBefore(builder -> builder.tcp("localhost", tcpPort()));
	}

	@Test
	void anOversizedSingleFrameOverTcpClosesTheConnectionAndOthersAreServed() {
		// refused by the transport's frame decoder as soon as the frame's length is read:
		// Spring Boot's own TCP server would buffer up to 16 MB of it first
		assertThat(rsocketServers).isNotInstanceOf(NettyRSocketServerFactory.class);
		assertRefusedAndClosed(builder(0).tcp("localhost", tcpPort()));
		assertServedAsBefore(builder -> builder.tcp("localhost", tcpPort()));
	}

	@Test
	void aTcpFrameAnnouncedPastTheCapIsRefusedBeforeItsBytesAreHeld() throws Exception {
		// a frame header announcing 15 MB (RSocket's own limit is 16 MB), then its bytes:
		// the server stops reading at the header, so the client cannot get them onto it
		// (only socket buffers fill)
		int announced = 15 * 1024 * 1024;
		long written = 0;
		try (Socket socket = new Socket("localhost", tcpPort())) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(new byte[] { (byte) (announced >> 16), (byte) (announced >> 8), (byte) announced });
			byte[] chunk = new byte[64 * 1024];
			while (written < 32L * 1024 * 1024) {
				out.write(chunk);
				written += chunk.length;
			}
		}
		catch (IOException closedByTheServer) {
			// expected: the connection was closed under the writer
		}
		assertThat(written).isLessThan(announced);
		assertServedAsBefore(builder -> builder.tcp("localhost", tcpPort()));
	}

	@Test
	void aFragmentedOversizedPayloadOverWebSocketClosesTheConnectionAndOthersAreServed() {
		URI uri = URI.create("ws://localhost:" + port + "/rsocket");
		assertRefusedAndClosed(builder(16 * 1024).websocket(uri));
		assertServedAsBefore(builder -> builder.websocket(uri));
	}

	@Test
	void aFragmentedPayloadUnderTheCapIsServed() {
		UUID event = event(4);
		RSocketRequester requester = builder(16 * 1024).setupMetadata(new BearerTokenMetadata(buyer()), BEARER)
			.tcp("localhost", tcpPort());
		try {
			// 60 KB of admission token (not needed by this event) beside a real hold:
			// four fragments
			Map<?, ?> hold = requester.route("holds.create")
				.data(Map.of("eventId", event.toString(), "seatIds", List.of("S-A-2"), "admissionToken",
						"a".repeat(60 * 1024)))
				.retrieveMono(Map.class)
				.block(Duration.ofSeconds(10));
			assertThat(hold.get("status")).isEqualTo("ACTIVE");
		}
		finally {
			requester.dispose();
		}
	}

}
