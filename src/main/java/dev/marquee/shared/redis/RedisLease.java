package dev.marquee.shared.redis;

import java.time.Duration;
import java.util.List;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.publisher.Mono;

/**
 * A lease in Redis: a key naming its holder, with an expiry, so that one node (or one
 * matcher) at a time does a job, and a holder that dies lets go by itself. The scripts
 * are {@code redis/shared/lease-take.lua} and {@code redis/shared/lease-release.lua}.
 */
public final class RedisLease {

	private static final LuaScript<Long> TAKE = LuaScript.number("shared/lease-take");

	private static final LuaScript<Long> RELEASE = LuaScript.number("shared/lease-release");

	private final ReactiveStringRedisTemplate redis;

	private final String key;

	public RedisLease(ReactiveStringRedisTemplate redis, String key) {
		this.redis = redis;
		this.key = key;
	}

	/**
	 * Takes the lease, or renews it if {@code holder} has it; answers whether it is
	 * theirs now.
	 */
	public Mono<Boolean> take(String holder, Duration ttl) {
		return TAKE.run(this.redis, List.of(this.key), List.of(holder, String.valueOf(ttl.toMillis())))
			.map(held -> held == 1);
	}

	/**
	 * Gives the lease up, only if {@code holder} still has it; answers whether it did.
	 */
	public Mono<Boolean> release(String holder) {
		return RELEASE.run(this.redis, List.of(this.key), List.of(holder)).map(released -> released == 1);
	}

	/** The lease's key. */
	public String key() {
		return this.key;
	}

}
