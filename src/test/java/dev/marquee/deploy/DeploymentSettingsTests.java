package dev.marquee.deploy;

import java.io.IOException;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static dev.marquee.deploy.Settings.bindingProperty;
import static dev.marquee.deploy.Settings.knownProperties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The settings the deployment files' environment variables are checked against come from
 * the application itself ({@link Settings}): its properties records, application.yml and
 * Spring Boot's metadata, with Spring Boot's relaxed binding.
 * <p>
 * A plain unit test: it reads files and runs kubectl, it starts nothing (no Spring
 * context, no Docker engine, no cluster), and it uses no application class.
 */
class DeploymentSettingsTests {

	@Test
	void theKnownSettingsComeFromTheApplication() throws IOException {
		Map<String, String> known = knownProperties();
		// a broken scan would let every name through or none
		assertThat(known).containsKeys("marquee.security.jwt-secret", "marquee.live.kafka.bootstrap-servers",
				"marquee.outbox.bootstrap-servers", "marquee.queue.admission-secret", "marquee.ticket.code-secret",
				"spring.r2dbc.url", "spring.r2dbc.username", "spring.data.redis.host",
				"server.forward-headers-strategy", "server.port", "spring.rsocket.server.port",
				"marquee.live.kafka.partitions", "marquee.queue.max-catch-up-seconds",
				"marquee.security.dev-token-ttl");
		assertThat(known).doesNotContainKeys("marquee.security", "spring.kafka.bootstrap-servers");
		assertThat(bindingProperty("MARQUEE_SECURITY_JWT_SECRET")).isEqualTo("marquee.security.jwt-secret");
		assertThat(bindingProperty("MARQUEE_LIVE_KAFKA_BOOTSTRAPSERVERS"))
			.isEqualTo("marquee.live.kafka.bootstrap-servers");
		assertThat(bindingProperty("MARQUEE_SECURITY_JWT_SECRETS")).isNull();
		assertThat(bindingProperty("SPRING_KAFKA_BOOTSTRAP_SERVERS")).isNull();
	}

}
