package dev.marquee.queue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The waiting room's Redis keys and Lua scripts. An event's keys share the hash tag
 * {@code {eventId}} with its seats, so a cluster keeps them on one shard.
 */
@Component
class QueueScripts {

	final RedisScript<List> join = RedisScript.of(source("queue-join"), List.class);

	final RedisScript<List> ticket = RedisScript.of(source("queue-ticket"), List.class);

	final RedisScript<List> advance = RedisScript.of(source("queue-advance"), List.class);

	final RedisScript<Long> lease = RedisScript.of(source("lease"), Long.class);

	final RedisScript<Long> releaseLease = RedisScript.of(source("lease-release"), Long.class);

	private final ReactiveStringRedisTemplate redis;

	private final String prefix;

	QueueScripts(ReactiveStringRedisTemplate redis, QueueProperties properties) {
		this.redis = redis;
		this.prefix = properties.keyPrefix();
	}

	String state(UUID eventId) {
		return prefix + ":{" + eventId + "}:q";
	}

	String users(UUID eventId) {
		return prefix + ":{" + eventId + "}:q:users";
	}

	String tickets(UUID eventId) {
		return prefix + ":{" + eventId + "}:q:tickets";
	}

	String advances(UUID eventId) {
		return prefix + ":{" + eventId + "}:q:advances";
	}

	String admitterLease() {
		return prefix + ":queue-admitter";
	}

	private static String source(String name) {
		try {
			return new ClassPathResource("redis/" + name + ".lua").getContentAsString(StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read Redis script " + name, ex);
		}
	}

	@SuppressWarnings("unchecked")
	Mono<List<String>> run(RedisScript<List> script, List<String> keys, List<String> args) {
		return redis.execute(script, keys, args)
			.next()
			.map(result -> ((List<Object>) result).stream().map(String::valueOf).toList());
	}

	Mono<Long> runLong(RedisScript<Long> script, List<String> keys, List<String> args) {
		return redis.execute(script, keys, args).next();
	}

}
