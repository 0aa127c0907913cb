package dev.marquee.shared.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Mono;

/**
 * One Lua script, read once from {@code redis/<module>/<name>.lua} on the classpath and
 * run with EVALSHA (falling back to EVAL once per connection when Redis does not know it
 * yet). Every module runs its scripts through this class, wrapped in one small typed call
 * per script that builds the keys and arguments and turns the answer into a sealed
 * outcome.
 *
 * <p>
 * A script may be assembled from several parts, e.g. {@code ("hold/seq", "hold/sell")}:
 * the parts are concatenated in order, so a shared prelude (the seat map's seq) is
 * written once.
 *
 * @param <T> what the script answers: a flat list of strings, or a number
 */
public final class LuaScript<T> {

	private final RedisScript<?> script;

	private final Function<Object, T> answer;

	private LuaScript(RedisScript<?> script, Function<Object, T> answer) {
		this.script = script;
		this.answer = answer;
	}

	/** A script that answers a flat list (every element read as a string). */
	public static LuaScript<List<String>> list(String... parts) {
		return new LuaScript<>(RedisScript.of(source(parts), List.class), LuaScript::strings);
	}

	/**
	 * A script that answers a list of flat lists (a batch's answers, one per call; every
	 * element read as a string).
	 */
	public static LuaScript<List<List<String>>> lists(String... parts) {
		return new LuaScript<>(RedisScript.of(source(parts), List.class), LuaScript::nested);
	}

	/** A script that answers an integer. */
	public static LuaScript<Long> number(String... parts) {
		return new LuaScript<>(RedisScript.of(source(parts), Long.class), Long.class::cast);
	}

	/** Runs the script; empty only if Redis answered nil. */
	public Mono<T> run(ReactiveStringRedisTemplate redis, List<String> keys, List<String> args) {
		return redis.execute(this.script, keys, args).next().map(this.answer);
	}

	/** The script's SHA-1, as Redis knows it. */
	public String sha1() {
		return this.script.getSha1();
	}

	@SuppressWarnings("unchecked")
	private static List<String> strings(Object result) {
		return ((List<Object>) result).stream().map(String::valueOf).toList();
	}

	@SuppressWarnings("unchecked")
	private static List<List<String>> nested(Object result) {
		return ((List<Object>) result).stream().map(LuaScript::strings).toList();
	}

	/**
	 * The parts' text, read once. (A script built from a Resource re-checks the resource
	 * for changes under a lock on every call, which inside a jar costs more than the
	 * script itself.)
	 */
	private static String source(String... parts) {
		StringBuilder text = new StringBuilder();
		for (String part : parts) {
			try {
				text.append(new ClassPathResource("redis/" + part + ".lua").getContentAsString(StandardCharsets.UTF_8));
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot read Redis script " + part, ex);
			}
		}
		return text.toString();
	}

}
