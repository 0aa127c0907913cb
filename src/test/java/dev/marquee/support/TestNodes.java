package dev.marquee.support;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.marquee.MarqueeApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.ScanOptions;

/**
 * Whole Marquee nodes started by a test, outside Spring's test context cache: on
 * {@link TestServices}, with the test token key, random ports, the simulated gateway, no
 * hold sweep and no warm-up, plus the test's own settings. The caller closes them.
 */
public final class TestNodes {

	private TestNodes() {
	}

	/**
	 * Starts a node with these settings over the defaults above, and these extra
	 * configuration classes.
	 */
	public static ConfigurableApplicationContext start(Map<String, String> settings, Class<?>... extra) {
		Map<String, String> properties = new LinkedHashMap<>(TestServices.get().properties());
		properties.put("marquee.security.jwt-secret", Tokens.SECRET);
		properties.put("marquee.hold.sweep-interval", "1h");
		properties.put("marquee.payment.gateway", "simulated");
		properties.put("server.port", "0");
		properties.put("spring.rsocket.server.port", "0");
		properties.put("spring.main.banner-mode", "off");
		properties.putAll(settings);
		Class<?>[] sources = new Class<?>[extra.length + 1];
		sources[0] = MarqueeApplication.class;
		System.arraycopy(extra, 0, sources, 1, extra.length);
		// as arguments: they must override application.yml, which default properties do
		// not
		return new SpringApplicationBuilder(sources).run(
				properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
	}

	/** The base URL of a node started here ({@code http://localhost:<its port>}). */
	public static String baseUrl(ConfigurableApplicationContext node) {
		return "http://localhost:" + node.getEnvironment().getProperty("local.server.port");
	}

	/**
	 * Unlinks every key under a key prefix through a node's Redis client, leaving the
	 * shared Redis as it was found.
	 */
	public static void dropKeys(ConfigurableApplicationContext node, String prefix) {
		var redis = node.getBean(ReactiveStringRedisTemplate.class);
		redis.scan(ScanOptions.scanOptions().match(prefix + ":*").count(1000).build())
			.buffer(500)
			.concatMap(keys -> redis.unlink(keys.toArray(String[]::new)))
			.blockLast(Duration.ofSeconds(30));
	}

}
