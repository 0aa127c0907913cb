package dev.marquee.security;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.marquee.support.IntegrationTest;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Responses carry the security headers a browser needs, and neither secrets nor the
 * tokens callers send end up in the logs, not even when requests fail.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecurityHeadersTests extends IntegrationTest {

	@Test
	void responsesCarryTheSecurityHeaders() {
		http().get()
			.uri("/")
			.exchange()
			.expectHeader()
			.valueEquals("X-Content-Type-Options", "nosniff")
			.expectHeader()
			.valueEquals("X-Frame-Options", "DENY")
			.expectHeader()
			.valueEquals("Referrer-Policy", "no-referrer")
			.expectHeader()
			.value("Content-Security-Policy",
					csp -> assertThat(csp).contains("default-src 'self'")
						.contains("frame-ancestors 'none'")
						.doesNotContain("unsafe-eval"));
		http().get()
			.uri("/api/v1/me/orders")
			.headers(h -> h.setBearerAuth(buyer()))
			.exchange()
			.expectHeader()
			.value("Cache-Control", cache -> assertThat(cache).contains("no-store"));
	}

	@Test
	void secretsAndTokensStayOutOfTheLogs(CapturedOutput output) {
		String buyer = buyer();
		String forged = buyer.substring(0, buyer.lastIndexOf('.') + 1) + "forgedsignature";
		http().get()
			.uri("/api/v1/me/orders")
			.headers(h -> h.setBearerAuth(forged))
			.exchange()
			.expectStatus()
			.isUnauthorized();
		UUID event = event(2, Map.of("queue", Map.of("enabled", true, "admitPerMinute", 60)));
		http().post().uri("/api/v1/events/{id}/holds", event).headers(h -> {
			h.setBearerAuth(buyer);
			h.set("X-Admission-Token", "admission-" + buyer);
		}).bodyValue(Map.of("seatIds", List.of("S-A-1"))).exchange().expectStatus().isForbidden();
		purchase(UUID.randomUUID().toString(), buyer, "key", "tok_visa").expectStatus().isNotFound();

		assertThat(output.getAll()).doesNotContain(SECRET)
			.doesNotContain(buyer)
			.doesNotContain(forged)
			.doesNotContain("forgedsignature");
	}

}
