package dev.marquee.security;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import dev.marquee.shared.Violations;

import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Demo profile only: mints a bearer token for any user id and roles, so the demo can be
 * driven with curl. This endpoint does not exist outside the {@code demo} profile.
 */
@RestController
@Profile("demo")
class DevTokenController {

	private static final List<String> KNOWN_ROLES = List.of("ADMIN", "SCANNER");

	private final ServiceTokens tokens;

	private final SecurityProperties properties;

	private final Clock clock;

	DevTokenController(ServiceTokens tokens, SecurityProperties properties, Clock clock) {
		this.tokens = tokens;
		this.properties = properties;
		this.clock = clock;
	}

	record TokenRequest(String userId, List<String> roles) {
	}

	@PostMapping(path = "/api/v1/dev/token", produces = MediaType.APPLICATION_JSON_VALUE)
	@ResponseStatus(HttpStatus.CREATED)
	Map<String, String> mint(@RequestBody TokenRequest request) {
		List<String> roles = request.roles() == null ? List.of() : request.roles();
		Violations violations = new Violations();
		violations.check(request.userId() != null && request.userId().matches("[A-Za-z0-9._@-]{1,64}"), "userId",
				"must be 1-64 characters of letters, digits, '.', '_', '@' or '-'");
		for (int i = 0; i < roles.size(); i++) {
			violations.check(KNOWN_ROLES.contains(roles.get(i)), "roles[" + i + "]", "must be one of " + KNOWN_ROLES);
		}
		violations.throwIfAny();
		String token = tokens.mint(request.userId(), roles, clock.instant(), properties.devTokenTtl());
		return Map.of("token", token);
	}

}
