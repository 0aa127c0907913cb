package dev.marquee.warmup;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.HttpURLConnection;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.marquee.support.TestNodes;
import dev.marquee.support.TestServices;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import reactor.netty.NettyPipeline;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.ScanOptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node started with its warm-up: it reports ready only after the warm-up's requests
 * were all answered, none of them was a server error, the rehearsal's buyers went through
 * a whole on-sale (joined, admitted, held and let go), nothing was left changed (no row,
 * no Redis key of the rehearsal or of the unknown events), and none of it shows in the
 * request metrics.
 */
class WarmUpTests {

	private static final List<String> TABLES = List.of("venue", "event", "orders", "ticket", "purchase_attempt");

	private static ConfigurableApplicationContext node;

	private static String prefix;

	private static Map<String, Long> rowsBefore;

	@BeforeAll
	static void start() {
		prefix = "mqw" + UUID.randomUUID().toString().substring(0, 6);
		rowsBefore = rows(TestServices.get());
		node = TestNodes.start(Map.of("marquee.hold.key-prefix", prefix, "marquee.warm-up.enabled", "true",
				"marquee.warm-up.min-duration", "1s", "marquee.warm-up.max-duration", "3s"), Probe.class);
	}

	@AfterAll
	static void stop() {
		if (node != null) {
			node.close();
		}
	}

	@Test
	void reportsReadyOnlyAfterEveryWarmUpRequestWasAnswered() {
		Probe probe = node.getBean(Probe.class);
		assertThat(probe.answered.get()).as("warm-up requests answered").isGreaterThan(100);
		assertThat(probe.answeredWhenReady).as("warm-up requests answered when the node became ready")
			.hasValue(probe.answered.get());
		assertThat(status("/actuator/health/readiness")).isEqualTo(200);
	}

	@Test
	void warmsTheHotRoutesWithoutAServerError() {
		Map<String, Integer> statuses = node.getBean(Probe.class).statuses;
		assertThat(statuses.keySet()).as("routes and statuses the warm-up met")
			.contains("POST /api/v1/events/*/queue 404", "POST /api/v1/events/*/holds 404",
					"POST /api/v1/events/*/holds/best-available 404", "GET /api/v1/events/*/availability 404",
					"POST /api/v1/events/*/holds 400", "POST /api/v1/holds/*/purchase 400", "GET /api/v1/holds/* 404",
					"GET /api/v1/events 200", "GET /actuator/health/liveness 200")
			.noneMatch(route -> route.endsWith(" 500") || route.matches(".* 5\\d\\d"));
	}

	@Test
	void rehearsesTheOnSaleFromTheWaitingRoomToTheHold() {
		Map<String, Integer> statuses = node.getBean(Probe.class).statuses;
		assertThat(statuses.keySet()).as("the rehearsal's steps that succeeded")
			.contains("GET /api/v1/events/* 200", "POST /api/v1/events/*/queue 201", "GET /api/v1/events/*/queue/* 200",
					"GET /api/v1/events/*/availability 200", "POST /api/v1/events/*/holds 201",
					"POST /api/v1/events/*/holds/best-available 201", "GET /api/v1/holds/* 200",
					"DELETE /api/v1/holds/* 204", "POST /api/v1/holds/*/purchase 410");
		// nobody buys: a purchase would take a payment
		assertThat(statuses.keySet()).noneMatch(route -> route.startsWith("POST /api/v1/holds/*/purchase 2"));
		assertThat(node.getBean(Probe.class).events).as("the rehearsal's event and the unknown ones")
			.hasSize(WarmUpCrowd.EVENTS.size() + 1);
	}

	@Test
	void changesNothing() {
		assertThat(rows(TestServices.get())).isEqualTo(rowsBefore);
		ReactiveStringRedisTemplate redis = node.getBean(ReactiveStringRedisTemplate.class);
		List<String> keys = redis.scan(ScanOptions.scanOptions().match(prefix + ":*").count(1000).build())
			.collectList()
			.block(Duration.ofSeconds(10));
		// the node writes keys of its own at start (the admitter's lease, the sold seats
		// of events already in the database): none may be of the warm-up's events, its
		// rehearsal's included, or of its holds
		Set<String> events = node.getBean(Probe.class).events;
		assertThat(events).isNotEmpty();
		assertThat(keys).as("keys under the node's prefix")
			.noneMatch(key -> key.contains(":holdref:"))
			.noneMatch(key -> events.stream().anyMatch(key::contains));
	}

	@Test
	void leavesItsRequestsOutOfTheRequestMetrics() {
		MeterRegistry meters = node.getBean(MeterRegistry.class);
		assertThat(meters.find("http.server.requests").timers()).as("timers before a real request").isEmpty();
		assertThat(status("/actuator/health/liveness")).isEqualTo(200);
		// a request's timer stops as its answer goes out: it may land a moment after the
		// client read the answer
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(
					() -> assertThat(meters.find("http.server.requests").timers()).as("timers after a real request")
						.isNotEmpty());
	}

	@Test
	void givesUpAtOnceWhenItsOwnPortDoesNotAnswer() throws IOException {
		int closed;
		try (ServerSocket socket = new ServerSocket(0)) {
			closed = socket.getLocalPort();
		}
		WarmUp.Result result = node.getBean(WarmUp.class).run(closed);
		assertThat(result.gaveUp()).isTrue();
		assertThat(result.answered()).isZero();
		// it stops at the first check after GIVE_UP failures, with at most the requests
		// in flight on top
		assertThat(result.unanswered()).isBetween((long) WarmUp.GIVE_UP, (long) WarmUp.GIVE_UP + 16);
	}

	private static int status(String path) {
		int port = node.getEnvironment().getProperty("local.server.port", Integer.class);
		try {
			HttpURLConnection connection = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + path)
				.toURL()
				.openConnection();
			try {
				return connection.getResponseCode();
			}
			finally {
				connection.disconnect();
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Map<String, Long> rows(TestServices services) {
		Map<String, Long> rows = new HashMap<>();
		try (Connection connection = DriverManager.getConnection(services.jdbcUrl(), services.postgresUser,
				services.postgresPassword)) {
			for (String table : TABLES) {
				rows.put(table, exists(connection, table) ? count(connection, table) : 0L);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
		return rows;
	}

	/** A database the node has not migrated yet has no tables, so no rows. */
	private static boolean exists(Connection connection, String table) throws SQLException {
		try (ResultSet result = connection.createStatement()
			.executeQuery("select to_regclass('" + table + "') is not null")) {
			result.next();
			return result.getBoolean(1);
		}
	}

	private static long count(Connection connection, String table) throws SQLException {
		try (ResultSet result = connection.createStatement().executeQuery("select count(*) from " + table)) {
			result.next();
			return result.getLong(1);
		}
	}

	/**
	 * Sees the node's traffic from inside: every warm-up request's route and status, and
	 * how many had been answered when readiness changed. Registered by class, not
	 * scanned.
	 */
	static class Probe {

		private static final Pattern EVENT = Pattern.compile("^/api/v1/events/([0-9a-f]{8}-[0-9a-f-]{27})");

		final AtomicInteger answered = new AtomicInteger();

		final AtomicInteger answeredWhenReady = new AtomicInteger(-1);

		final Map<String, Integer> statuses = new ConcurrentHashMap<>();

		/** The events the warm-up's requests named. */
		final Set<String> events = ConcurrentHashMap.newKeySet();

		/**
		 * Sees every answer the node writes, whoever wrote it (Spring WebFlux or a hot
		 * route ahead of it), at the HTTP codec.
		 */
		@Bean
		NettyServerCustomizer warmUpRequests() {
			return server -> server.doOnChannelInit((observer, channel, address) -> {
				if (channel.pipeline().get(NettyPipeline.HttpCodec) != null) {
					channel.pipeline().addAfter(NettyPipeline.HttpCodec, "warm-up-probe", new Answers());
				}
			});
		}

		/** Pairs each request of the warm-up with its answer's status. */
		final class Answers extends ChannelDuplexHandler {

			private final Deque<String> requests = new ArrayDeque<>();

			@Override
			public void channelRead(ChannelHandlerContext context, Object message) {
				if (message instanceof HttpRequest request) {
					boolean warmUp = request.headers().contains(WarmUp.HEADER);
					Matcher event = EVENT.matcher(request.uri());
					if (warmUp && event.find()) {
						events.add(event.group(1));
					}
					requests.add(warmUp
							? request.method() + " " + request.uri().replaceAll("[0-9a-f]{8}-[0-9a-f-]{27}", "*") : "");
				}
				context.fireChannelRead(message);
			}

			@Override
			public void write(ChannelHandlerContext context, Object message, ChannelPromise promise) {
				if (message instanceof HttpResponse response && response.status().code() >= 200) {
					String request = requests.poll();
					if (request != null && !request.isEmpty()) {
						statuses.merge(request + " " + response.status().code(), 1, Integer::sum);
						answered.incrementAndGet();
					}
				}
				context.write(message, promise);
			}

		}

		@Bean
		ApplicationListener<AvailabilityChangeEvent<ReadinessState>> readiness() {
			return event -> {
				if (event.getState() == ReadinessState.ACCEPTING_TRAFFIC) {
					answeredWhenReady.set(answered.get());
				}
			};
		}

	}

}
