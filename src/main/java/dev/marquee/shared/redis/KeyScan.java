package dev.marquee.shared.redis;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.ScanOptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Finds keys by pattern walking the keyspace with {@code SCAN} (never {@code KEYS}, which
 * stops the server for the whole walk), and removes keys with {@code UNLINK}, whose
 * memory Redis frees off its main thread.
 */
public final class KeyScan {

	private static final int BATCH = 500;

	private KeyScan() {
	}

	/**
	 * Every key matching {@code pattern} (a key may come twice, as {@code SCAN} says).
	 */
	public static Flux<String> matching(ReactiveStringRedisTemplate redis, String pattern) {
		return redis.scan(ScanOptions.scanOptions().match(pattern).count(1_000).build());
	}

	/** Removes the keys, a batch at a time; how many there were. */
	public static Mono<Long> unlink(ReactiveStringRedisTemplate redis, Flux<String> keys) {
		return keys.buffer(BATCH).concatMap(batch -> redis.unlink(batch.toArray(String[]::new))).reduce(0L, Long::sum);
	}

	/** Removes every key matching {@code pattern}; how many there were. */
	public static Mono<Long> unlinkMatching(ReactiveStringRedisTemplate redis, String pattern) {
		return unlink(redis, matching(redis, pattern));
	}

}
