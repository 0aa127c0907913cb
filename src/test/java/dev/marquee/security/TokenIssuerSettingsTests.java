package dev.marquee.security;

import org.junit.jupiter.api.Test;

import dev.marquee.support.Failures;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Somebody must be able to sign in, and a provider's tokens must be for Marquee: without
 * an OpenID Connect provider or the demo's shared secret, or with a provider but no
 * audience, the application refuses to start and names the settings. Proved on the
 * configuration that makes the token decoder, binding its settings as the application
 * does.
 */
class TokenIssuerSettingsTests {

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(SecurityProperties.class)
	static class Tokens extends BearerTokens {

	}

	private final ApplicationContextRunner app = new ApplicationContextRunner().withUserConfiguration(Tokens.class);

	@Test
	void withNeitherAProviderNorASecretTheApplicationRefusesToStartAndSaysWhy() {
		app.run(context -> assertThat(context).hasFailed()
			.getFailure()
			.satisfies(ex -> assertThat(Failures.messages(ex)).contains("marquee.security.oidc.issuer-uri")
				.contains("marquee.security.jwt-secret")));
	}

	@Test
	void aProviderWithoutAnAudienceIsRefused() {
		app.withPropertyValues("marquee.security.oidc.issuer-uri=https://login.example.test/realms/marquee")
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.satisfies(ex -> assertThat(Failures.messages(ex)).contains("marquee.security.oidc.audience")));
	}

	@Test
	void aProviderWithItsAudienceIsEnoughWithoutASecret() {
		app.withPropertyValues("marquee.security.oidc.issuer-uri=https://login.example.test/realms/marquee",
				"marquee.security.oidc.audience=marquee")
			.run(context -> assertThat(context).hasNotFailed().hasSingleBean(ReactiveJwtDecoder.class));
	}

}
