package dev.marquee.hold;

import java.io.IOException;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import dev.marquee.catalog.EventId;
import dev.marquee.hold.internal.HoldKeys;
import dev.marquee.support.IntegrationTest;
import dev.marquee.support.RedisServerProcess;
import dev.marquee.support.TestServices;

import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A hold is found by its id through a ref (hold id to event) outside the event's hash
 * slot. If the ref cannot be written, no seat is left held by a hold nobody can find or
 * release: here a real {@code redis-server} of this class's own refuses every write of a
 * ref (an ACL allows writes to the events' keys only). On this single Redis the script
 * writes the ref, first; on a cluster it is written before the script
 * ({@code HoldScript}).
 */
@DirtiesContext // the context follows its own Redis, which is gone after this class
class HoldRefTests extends IntegrationTest {

	static final RedisServerProcess redisServer = refusingRefs();

	private static RedisServerProcess refusingRefs() {
		RedisServerProcess server = RedisServerProcess.startOnFreePort();
		try {
			// everything but writing keys outside an event's slot (the refs,
			// prefix:holdref:id)
			String answer = server.send("ACL SETUSER marquee on >secret +@all &* %R~* ~*{* ~*queue-admitter");
			assertThat(answer).isEqualTo("+OK");
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		return server;
	}

	@DynamicPropertySource
	static void ownRedis(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.url", () -> "redis://marquee:secret@127.0.0.1:" + redisServer.port());
	}

	@AfterAll
	static void stopRedis() {
		redisServer.close();
	}

	@Test
	void aHoldWhoseRefCannotBeWrittenLeavesNoSeatHeldThatNobodyCanFind() {
		UUID event = event(2);
		String userId = "buyer-" + UUID.randomUUID();
		var answer = hold(event, token(userId), "S-A-1", "S-A-2").returnResult(String.class);
		assertThat(answer.getStatus().is2xxSuccessful()).as("a hold whose ref was refused").isFalse();
		// the seats are not held, nor counted against the buyer's limit
		assertThat(statuses(event)).doesNotContain("H");
		assertThat(redis.opsForHash()
			.get(new HoldKeys(TestServices.get().keyPrefix).userHeld(EventId.of(event)), userId)
			.blockOptional()
			.map(String::valueOf)
			.orElse("0")).isEqualTo("0");
	}

}
