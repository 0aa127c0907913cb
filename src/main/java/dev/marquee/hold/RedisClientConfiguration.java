package dev.marquee.hold;

import io.lettuce.core.ClientOptions;

import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * While Redis is unreachable, commands fail at once (and the request gets a 503) instead
 * of queueing in memory until Redis returns. Results are handed on from Lettuce's
 * computation threads, not from the I/O thread of the one shared connection: otherwise
 * everything a request does after its first Redis command (more commands, events, JSON,
 * the response) runs on that single thread, which the hot on-sale profile showed at a
 * third of all samples, with responses queueing behind it past the command timeout while
 * the other core idled.
 */
@Configuration(proxyBeanMethods = false)
class RedisClientConfiguration {

	@Bean
	LettuceClientOptionsBuilderCustomizer failFastWhileDisconnected() {
		return options -> options.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
			.publishOnScheduler(true);
	}

}
