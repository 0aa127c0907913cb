package dev.marquee.hold;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The Lua scripts that change seat state atomically, each run with EVALSHA.
 */
@Component
class RedisScripts {

	final RedisScript<List> hold = loadWithSeq("hold");

	final RedisScript<List> release = loadWithSeq("release");

	final RedisScript<List> claim = load("claim");

	final RedisScript<Long> unclaim = RedisScript.of(source("unclaim"), Long.class);

	final RedisScript<List> sell = loadWithSeq("sell");

	final RedisScript<List> unsell = loadWithSeq("unsell");

	final RedisScript<List> releaseSold = loadWithSeq("release-sold");

	final RedisScript<List> snapshot = loadWithSeq("snapshot");

	final RedisScript<Long> rebuild = RedisScript.of(withSeq("rebuild"), Long.class);

	final RedisScript<Long> touch = RedisScript.of(withSeq("seq-touch"), Long.class);

	private final ReactiveStringRedisTemplate redis;

	RedisScripts(ReactiveStringRedisTemplate redis) {
		this.redis = redis;
	}

	private static RedisScript<List> load(String name) {
		return RedisScript.of(source(name), List.class);
	}

	/** A script that moves the event's seq on, so it gets {@code nextSeq} (seq.lua). */
	private static RedisScript<List> loadWithSeq(String name) {
		return RedisScript.of(withSeq(name), List.class);
	}

	private static String withSeq(String name) {
		return source("seq") + source(name);
	}

	/**
	 * The script's text, read once. (A script built from a Resource re-checks the resource for
	 * changes under a lock on every call, which inside a jar costs more than the script itself.)
	 */
	private static String source(String name) {
		try {
			return new ClassPathResource("redis/" + name + ".lua").getContentAsString(StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read Redis script " + name, ex);
		}
	}

	/** Runs a script that answers a flat list, as strings. */
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
