package dev.marquee.bench;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import javax.crypto.spec.SecretKeySpec;

import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * Tokens for the benchmark harnesses, signed with the demo profile's key (the servers
 * they measure run with {@code --spring.profiles.active=demo}), valid for two hours.
 */
final class DemoTokens {

	static final String DEMO_SECRET = "marquee-demo-secret-do-not-use-in-production";

	private static final JwtEncoder ENCODER = NimbusJwtEncoder
		.withSecretKey(new SecretKeySpec(DEMO_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"))
		.build();

	private DemoTokens() {
	}

	static String token(String user, String... roles) {
		var claims = JwtClaimsSet.builder()
			.subject(user)
			.issuedAt(Instant.now())
			.expiresAt(Instant.now().plusSeconds(7200))
			.claim("roles", List.of(roles))
			.build();
		return ENCODER.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims))
			.getTokenValue();
	}

}
