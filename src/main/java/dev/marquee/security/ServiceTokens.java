package dev.marquee.security;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.stereotype.Component;

/**
 * Bearer tokens signed with the server's own key, as the server verifies them (issuer and
 * audience as configured): the demo profile's token mint and the server's requests to
 * itself (the warm-up) use them.
 */
@Component
public class ServiceTokens {

	private final JwtEncoder encoder;

	private final SecurityProperties properties;

	ServiceTokens(SecurityProperties properties) {
		this.encoder = NimbusJwtEncoder.withSecretKey(BearerTokens.secretKey(properties)).build();
		this.properties = properties;
	}

	/**
	 * A token for {@code subject} with these roles, issued now by the clock tokens are
	 * checked against (real time, {@link BearerTokens#TOKEN_CLOCK}) and good for
	 * {@code ttl}.
	 */
	public String mint(String subject, List<String> roles, Duration ttl) {
		return mint(subject, roles, BearerTokens.TOKEN_CLOCK.instant(), ttl);
	}

	/**
	 * A token for {@code subject} with these roles, issued at {@code issuedAt} and good
	 * for {@code ttl}.
	 */
	public String mint(String subject, List<String> roles, Instant issuedAt, Duration ttl) {
		JwtClaimsSet.Builder claims = JwtClaimsSet.builder()
			.issuer(this.properties.mintedIssuer())
			.subject(subject)
			.issuedAt(issuedAt)
			.expiresAt(issuedAt.plus(ttl));
		// the roles where the server reads them (a dotted path is nested claims)
		String[] path = this.properties.rolesClaim().split("\\.");
		Object value = roles;
		for (int i = path.length - 1; i > 0; i--) {
			value = Map.of(path[i], value);
		}
		claims.claim(path[0], value);
		if (this.properties.audience() != null && !this.properties.audience().isBlank()) {
			claims.audience(List.of(this.properties.audience()));
		}
		return this.encoder
			.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims.build()))
			.getTokenValue();
	}

}
