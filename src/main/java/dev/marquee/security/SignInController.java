package dev.marquee.security;

import java.util.Arrays;

import org.springframework.core.env.Environment;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * How the browser signs a user in: at the OpenID Connect provider (Authorization Code
 * with PKCE, with the client and scopes given here), by name in the demo profile (the
 * token mint), or not at all (a token is brought by hand).
 */
@RestController
class SignInController {

	private final SignIn signIn;

	SignInController(SecurityProperties properties, Environment environment) {
		SecurityProperties.Oidc oidc = properties.oidc();
		if (oidc.configured() && oidc.clientId() != null && !oidc.clientId().isBlank()) {
			this.signIn = new SignIn(Mode.OIDC, oidc.issuerUri().toString(), oidc.clientId(), oidc.scope());
		}
		else {
			boolean demo = Arrays.asList(environment.getActiveProfiles()).contains("demo");
			this.signIn = new SignIn(demo ? Mode.DEMO : Mode.NONE, null, null, null);
		}
	}

	/** The ways of signing in. */
	enum Mode {

		/** At the provider, with PKCE. */
		OIDC,

		/** By name, through {@code POST /api/v1/dev/token}. */
		DEMO,

		/** None offered: a bearer token from elsewhere. */
		NONE

	}

	/**
	 * @param mode how to sign in
	 * @param issuer the provider (OIDC only)
	 * @param clientId its client for the browser (OIDC only)
	 * @param scope the scopes to ask for (OIDC only)
	 */
	record SignIn(Mode mode, String issuer, String clientId, String scope) {
	}

	@GetMapping(path = "/api/v1/auth/config", produces = MediaType.APPLICATION_JSON_VALUE)
	SignIn signIn() {
		return signIn;
	}

}
