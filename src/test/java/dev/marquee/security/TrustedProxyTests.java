package dev.marquee.security;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import io.rsocket.transport.ClientTransport;
import io.rsocket.transport.netty.client.TcpClientTransport;
import io.rsocket.transport.netty.client.WebsocketClientTransport;
import org.junit.jupiter.api.Test;
import reactor.netty.tcp.TcpClient;
import tools.jackson.databind.json.JsonMapper;

import dev.marquee.support.IntegrationTest;
import dev.marquee.support.RSocketClients;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.messaging.rsocket.RSocketRequester;
import org.springframework.security.rsocket.metadata.BearerTokenMetadata;
import org.springframework.test.context.TestPropertySource;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;

import static dev.marquee.support.RSocketClients.BEARER;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-address hold limit counts the real client: a {@code Forwarded} or
 * {@code X-Forwarded-For} header is believed only from a trusted proxy (here 127.0.0.2),
 * and then only for the hops the proxies added; RSocket {@code holds.create} is limited
 * per address like HTTP, over TCP (the peer) and over WebSocket (through the proxy).
 */
@TestPropertySource(properties = { "marquee.rate-limit.holds-per-address-per-minute=3",
		"marquee.server.trusted-proxies=127.0.0.2, 10.0.0.0/8",
		// what docker-compose and k8s set before: it must not make anyone's header
		// believed
		"server.forward-headers-strategy=framework" })
class TrustedProxyTests extends IntegrationTest {

	static final String PROXY = "127.0.0.2";

	@Autowired
	RSocketClients rsocket;

	@Autowired
	JsonMapper json;

	/** A loopback address of its own, untrusted, so its bucket starts full. */
	private static String someClient() {
		var random = ThreadLocalRandom.current();
		return "127." + random.nextInt(3, 255) + "." + random.nextInt(256) + "." + random.nextInt(1, 255);
	}

	/**
	 * A hold for a new buyer, sent from {@code from} with the given forwarding headers;
	 * answers the status.
	 */
	private int httpHold(UUID event, String seat, String from, Map<String, String> headers) {
		// a new connection every time: a pooled one could leave from another client's
		// address
		return HttpClient.newConnection().bindAddress(() -> new InetSocketAddress(from, 0)).headers(h -> {
			h.set("Authorization", "Bearer " + buyer());
			h.set("Content-Type", "application/json");
			headers.forEach(h::set);
		})
			.post()
			.uri("http://localhost:" + port + "/api/v1/events/" + event + "/holds")
			.send(ByteBufFlux.fromString(Mono.just("{\"seatIds\":[\"" + seat + "\"]}")))
			.response()
			.map(response -> response.status().code())
			.block(Duration.ofSeconds(10));
	}

	/**
	 * A hold for a new buyer over a new RSocket connection; answers "ACTIVE" or the
	 * problem type.
	 */
	private String rsocketHold(RSocketRequester.Builder builder, UUID event, String seat) {
		RSocketRequester requester = builder.setupMetadata(new BearerTokenMetadata(buyer()), BEARER)
			.transport(transport);
		try {
			return requester.route("holds.create")
				.data(Map.of("eventId", event.toString(), "seatIds", List.of(seat)))
				.retrieveMono(Map.class)
				.map(hold -> (String) hold.get("status"))
				.onErrorResume(error -> Mono.just((String) json.readValue(error.getMessage(), Map.class).get("type")))
				.block(Duration.ofSeconds(10));
		}
		finally {
			requester.dispose();
		}
	}

	private ClientTransport transport;

	private RSocketRequester.Builder tcpFrom(String from) {
		transport = TcpClientTransport.create(TcpClient.create()
			.host("localhost")
			.port(rsocket.tcpPort())
			.bindAddress(() -> new InetSocketAddress(from, 0)));
		return rsocket.builder();
	}

	private RSocketRequester.Builder webSocketFrom(String from, String forwardedFor) {
		WebsocketClientTransport ws = WebsocketClientTransport.create(
				HttpClient.create().host("localhost").port(port).bindAddress(() -> new InetSocketAddress(from, 0)),
				"/rsocket");
		transport = ws.header("X-Forwarded-For", forwardedFor);
		return rsocket.builder();
	}

	@Test
	void forwardingHeadersFromAnyoneButATrustedProxyDoNotEscapeThePerAddressLimit() throws Exception {
		UUID event = event(10);
		String client = someClient();
		for (int i = 1; i <= 5; i++) {
			// every hold claims to come from somebody else
			int status = httpHold(event, "S-A-" + i, client,
					Map.of("X-Forwarded-For", "203.0.113." + i, "Forwarded", "for=198.51.100." + i));
			assertThat(status).as("hold %s", i).isEqualTo(i <= 3 ? 201 : 429);
		}
		assertThat(statuses(event)).isEqualTo("HHH.................");
	}

	@Test
	void aTrustedProxysForwardedForNamesTheClientButNotWhatTheClientWroteInIt() throws Exception {
		UUID event = event(10);
		String client = "198.51.100." + ThreadLocalRandom.current().nextInt(1, 255);
		// the proxy appends the address it saw; what the client sent stands to its left
		for (int i = 1; i <= 3; i++) {
			assertThat(httpHold(event, "S-A-" + i, PROXY, Map.of("X-Forwarded-For", "203.0.113." + i + ", " + client)))
				.isEqualTo(201);
		}
		assertThat(httpHold(event, "S-A-4", PROXY, Map.of("X-Forwarded-For", "203.0.113.4, " + client))).isEqualTo(429);
		// a trusted hop (10.0.0.0/8) between them is skipped
		assertThat(httpHold(event, "S-A-5", PROXY, Map.of("X-Forwarded-For", client + ", 10.1.2.3"))).isEqualTo(429);
		// another client behind the same proxy has its own bucket
		assertThat(httpHold(event, "S-A-6", PROXY, Map.of("X-Forwarded-For", "198.51.100.0"))).isEqualTo(201);
		assertThat(statuses(event)).isEqualTo("HHH..H..............");
	}

	@Test
	void rsocketHoldsOverTcpAreLimitedPerClientAddressLikeHttp() {
		UUID event = event(10);
		String client = someClient();
		for (int i = 1; i <= 3; i++) {
			assertThat(rsocketHold(tcpFrom(client), event, "S-A-" + i)).isEqualTo("ACTIVE");
		}
		assertThat(rsocketHold(tcpFrom(client), event, "S-A-4")).isEqualTo("https://marquee.dev/problems/rate-limited");
		assertThat(rsocketHold(tcpFrom(someClient()), event, "S-A-5")).isEqualTo("ACTIVE");
		assertThat(statuses(event)).isEqualTo("HHH.H...............");
	}

	@Test
	void rsocketOverTcpThroughATrustedProxyIsNotCountedAsOneAddress() {
		// a TCP proxy names no client: its own address stands for all of them, so only
		// the per-user limit applies (counting it would let one client lock everyone else
		// out)
		UUID event = event(10);
		for (int i = 1; i <= 5; i++) {
			assertThat(rsocketHold(tcpFrom(PROXY), event, "S-A-" + i)).isEqualTo("ACTIVE");
		}
	}

	@Test
	void rsocketHoldsOverWebSocketCountTheClientATrustedProxyNames() {
		UUID event = event(10);
		String client = "192.0.2." + ThreadLocalRandom.current().nextInt(1, 255);
		for (int i = 1; i <= 3; i++) {
			assertThat(rsocketHold(webSocketFrom(PROXY, client), event, "S-A-" + i)).isEqualTo("ACTIVE");
		}
		assertThat(rsocketHold(webSocketFrom(PROXY, client), event, "S-A-4"))
			.isEqualTo("https://marquee.dev/problems/rate-limited");
		assertThat(rsocketHold(webSocketFrom(PROXY, "192.0.2.0"), event, "S-A-5")).isEqualTo("ACTIVE");
		// from anyone else the header is ignored: the peer is counted
		String untrusted = someClient();
		for (int i = 6; i <= 8; i++) {
			assertThat(rsocketHold(webSocketFrom(untrusted, "203.0.113." + i), event, "S-A-" + i)).isEqualTo("ACTIVE");
		}
		assertThat(rsocketHold(webSocketFrom(untrusted, "203.0.113.9"), event, "S-A-9"))
			.isEqualTo("https://marquee.dev/problems/rate-limited");
		assertThat(statuses(event)).isEqualTo("HHH.HHHH............");
	}

}
