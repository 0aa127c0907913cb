package dev.marquee.hold.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.marquee.catalog.EventId;
import dev.marquee.hold.HoldId;
import dev.marquee.hold.internal.HoldScript.Held;
import dev.marquee.hold.internal.HoldScript.Outcome;
import dev.marquee.hold.internal.HoldScript.Unavailable;
import dev.marquee.support.RedisServerProcess;

import org.springframework.data.redis.RedisSystemException;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Holds of one event asked for in one turn of an event loop go to Redis as one script
 * call, placed in the order asked, each with its own answer. A real {@code redis-server}
 * of this class's own, so that Redis's own command count says how many calls were made.
 */
class HoldBatchTests {

	private static RedisServerProcess server;

	private static LettuceConnectionFactory connections;

	private static ReactiveStringRedisTemplate redis;

	private final HoldKeys keys = new HoldKeys("batch-tests");

	private final EventLoop loop = new DefaultEventLoop();

	private final EventId event = EventId.of(UUID.randomUUID());

	private HoldScript script;

	@BeforeAll
	static void startRedis() {
		server = RedisServerProcess.startOnFreePort();
		connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", server.port()));
		connections.afterPropertiesSet();
		connections.start();
		redis = new ReactiveStringRedisTemplate(connections);
	}

	@AfterAll
	static void stopRedis() {
		connections.destroy();
		server.close();
	}

	@AfterEach
	void stopLoop() {
		this.loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
	}

	private HoldScript script() {
		if (this.script == null) {
			this.script = new HoldScript(redis, this.keys, new HoldRecords(redis, this.keys, Clock.systemUTC()));
		}
		return this.script;
	}

	private HoldScript.Input hold(HoldId holdId, String userId, String seat) {
		return new HoldScript.Input(this.event, holdId, userId,
				List.of(new HoldScript.Block(List.of(seat), 5000, "5000")), "EUR", Instant.now(), Duration.ofMinutes(5),
				Duration.ofMinutes(10), 4);
	}

	/**
	 * Runs every hold inside one task of the loop; answers each one's outcome or error.
	 */
	private List<Object> inOneTurn(List<HoldScript.Input> holds) throws Exception {
		List<Mono<Outcome>> outcomes = new ArrayList<>();
		this.loop.submit(() -> holds.forEach(hold -> {
			Mono<Outcome> outcome = script().run(hold).cache();
			outcome.subscribe(value -> {
			}, error -> {
			});
			outcomes.add(outcome);
		})).get(5, TimeUnit.SECONDS);
		List<Object> answers = new ArrayList<>();
		for (Mono<Outcome> outcome : outcomes) {
			answers.add(outcome.map(Object.class::cast).onErrorResume(Mono::just).block(Duration.ofSeconds(10)));
		}
		return answers;
	}

	private long scriptCalls() {
		Properties stats = connections.getConnection().serverCommands().info("commandstats");
		return calls(stats, "cmdstat_evalsha") + calls(stats, "cmdstat_eval");
	}

	private static long calls(Properties stats, String command) {
		String line = stats.getProperty(command);
		return (line == null) ? 0 : Long.parseLong(line.replaceAll("^calls=(\\d+),.*$", "$1"));
	}

	@Test
	void holdsOfOneEventAskedForInOneTurnArePlacedByOneScriptCallFirstAskedFirstServed() throws Exception {
		script().run(hold(HoldId.of(UUID.randomUUID()), "warm-up", "S-W-1")).block(Duration.ofSeconds(10));
		List<HoldScript.Input> holds = new ArrayList<>();
		for (int seat = 1; seat <= 10; seat++) {
			// every seat asked for by two buyers, the first one first
			holds.add(hold(HoldId.of(UUID.randomUUID()), "first-" + seat, "S-A-" + seat));
			holds.add(hold(HoldId.of(UUID.randomUUID()), "second-" + seat, "S-A-" + seat));
		}
		long callsBefore = scriptCalls();

		List<Object> answers = inOneTurn(holds);

		assertThat(scriptCalls() - callsBefore).as("script calls for the 20 holds").isEqualTo(1);
		for (int i = 0; i < holds.size(); i++) {
			HoldScript.Input asked = holds.get(i);
			if (asked.userId().startsWith("first-")) {
				assertThat(answers.get(i)).as(asked.userId()).isInstanceOf(Held.class);
				// the record placed is this caller's own hold, for this caller
				assertThat(redis.<String, String>opsForHash()
					.get(this.keys.hold(this.event, asked.holdId()), "userId")
					.block()).isEqualTo(asked.userId());
				assertThat(redis.opsForValue()
					.get(this.keys.seat(this.event, asked.blocks().get(0).seatIds().get(0)))
					.block()).isEqualTo(asked.holdId().toString());
			}
			else {
				assertThat(answers.get(i)).as(asked.userId()).isInstanceOf(Unavailable.class);
				assertThat(redis.hasKey(this.keys.hold(this.event, asked.holdId())).block()).isFalse();
			}
		}
		// one seq each, in the order asked
		List<Long> seqs = answers.stream().filter(Held.class::isInstance).map(held -> ((Held) held).seq()).toList();
		assertThat(seqs).isSorted().doesNotHaveDuplicates().hasSize(10);
	}

	@Test
	void aHoldWhoseRedisCallFailsFailsAloneTheOthersOfItsBatchArePlaced() throws Exception {
		HoldId broken = HoldId.of(UUID.randomUUID());
		// its record's key is a string: the script's HSET of the record fails for it
		// alone
		redis.opsForValue().set(this.keys.hold(this.event, broken), "not a hash").block();
		List<HoldScript.Input> holds = List.of(hold(HoldId.of(UUID.randomUUID()), "before", "S-B-1"),
				hold(broken, "broken", "S-B-2"), hold(HoldId.of(UUID.randomUUID()), "after", "S-B-3"));

		List<Object> answers = inOneTurn(holds);

		assertThat(answers.get(0)).isInstanceOf(Held.class);
		assertThat(answers.get(1)).isInstanceOf(RedisSystemException.class)
			.asInstanceOf(InstanceOfAssertFactories.THROWABLE)
			.hasMessageContaining("WRONGTYPE");
		assertThat(answers.get(2)).isInstanceOf(Held.class);
	}

	@Test
	void aHoldAskedForOffAnEventLoopIsPlacedAlone() {
		HoldScript.Input asked = hold(HoldId.of(UUID.randomUUID()), "alone", "S-C-1");

		long callsBefore = scriptCalls();

		assertThat(script().run(asked).block(Duration.ofSeconds(10))).isInstanceOf(Held.class);
		assertThat(scriptCalls() - callsBefore).isEqualTo(1);
		assertThat(script().run(hold(HoldId.of(UUID.randomUUID()), "late", "S-C-1")).block(Duration.ofSeconds(10)))
			.isInstanceOf(Unavailable.class);
		assertThat(scriptCalls() - callsBefore).isEqualTo(2);
	}

}
