package dev.marquee.hold;

import java.io.IOException;
import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.marquee.support.IntegrationTest;
import dev.marquee.support.RedisServerProcess;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpStatus;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Redis allowed to evict would drop seat keys and holds under memory pressure: a real
 * {@code redis-server} of this class's own, started with an evicting
 * {@code maxmemory-policy}, keeps the node out of readiness (with the reason) until it is
 * {@code noeviction}; one that refuses {@code CONFIG GET}, as some managed services do,
 * is trusted with a warning.
 */
@DirtiesContext // the context follows its own Redis, which is gone after this class
@ExtendWith(OutputCaptureExtension.class)
class RedisEvictionPolicyTests extends IntegrationTest {

	static final RedisServerProcess redisServer = evicting();

	private static RedisServerProcess evicting() {
		RedisServerProcess server = RedisServerProcess.startOnFreePort();
		config(server, "CONFIG SET maxmemory-policy volatile-lru");
		return server;
	}

	private static void config(RedisServerProcess server, String command) {
		try {
			assertThat(server.send(command)).isEqualTo("+OK");
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@DynamicPropertySource
	static void ownRedis(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.url", redisServer::url);
	}

	@AfterAll
	static void stopRedis() {
		redisServer.close();
	}

	@Autowired
	RedisEvictionPolicy policy;

	@AfterEach
	void evictingAgain() {
		config(redisServer, "ACL SETUSER default +config");
		config(redisServer, "CONFIG SET maxmemory-policy volatile-lru");
	}

	private WebTestClient.BodyContentSpec readiness(HttpStatus status) {
		return http().get()
			.uri("/actuator/health/readiness")
			.headers(h -> h.setBearerAuth(admin()))
			.exchange()
			.expectStatus()
			.isEqualTo(status)
			.expectBody();
	}

	@Test
	void aRedisThatMayEvictKeysWithATtlKeepsTheNodeOutOfReadinessAndSaysWhy(CapturedOutput output) {
		readiness(HttpStatus.SERVICE_UNAVAILABLE).jsonPath("$.status")
			.isEqualTo("DOWN")
			.jsonPath("$.components.redis.status")
			.isEqualTo("UP")
			.jsonPath("$.components.redisEviction.status")
			.isEqualTo("DOWN")
			.jsonPath("$.components.redisEviction.details.maxmemoryPolicy")
			.isEqualTo("volatile-lru")
			.jsonPath("$.components.redisEviction.details.reason")
			.value(reason -> assertThat((String) reason).contains("Set maxmemory-policy noeviction"));
		// the check at start says it in the log too
		policy.checkAtStart();
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> output.getOut().contains("Redis maxmemory-policy is volatile-lru"));

		config(redisServer, "CONFIG SET maxmemory-policy noeviction");
		readiness(HttpStatus.OK).jsonPath("$.status")
			.isEqualTo("UP")
			.jsonPath("$.components.redisEviction.details.maxmemoryPolicy")
			.isEqualTo("noeviction");
	}

	@Test
	void aRedisThatRefusesConfigGetIsTrustedWithAWarning(CapturedOutput output) {
		config(redisServer, "ACL SETUSER default -config");
		readiness(HttpStatus.OK).jsonPath("$.status")
			.isEqualTo("UP")
			.jsonPath("$.components.redisEviction.details.maxmemoryPolicy")
			.isEqualTo("unknown")
			.jsonPath("$.components.redisEviction.details.warning")
			.value(warning -> assertThat((String) warning).contains("maxmemory-policy noeviction"));
		policy.checkAtStart();
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> output.getOut().contains("Redis refused CONFIG GET maxmemory-policy"));
	}

}
