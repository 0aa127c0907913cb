package dev.marquee.queue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.marquee.catalog.EventId;
import dev.marquee.queue.QueueProblems.AdmissionRequired;
import dev.marquee.support.Tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * An admission token admits its own user to its own event until it expires, and nothing
 * else passes for one: no token, text that is not a token Marquee signed, a forged one, a
 * bearer token (the keys differ), another event's or another user's.
 */
class AdmissionTokensTests {

	static final Instant NOW = Instant.parse("2026-06-01T18:00:00Z");

	static final Instant EXPIRES = NOW.plus(Duration.ofMinutes(10));

	static final EventId EVENT = EventId.of(UUID.randomUUID());

	final AdmissionTokens tokens = tokens("");

	final String token = tokens.issue(ticket(EVENT, "buyer"), EXPIRES);

	static AdmissionTokens tokens(String admissionSecret) {
		return new AdmissionTokens(new QueueProperties("mq", Duration.ofSeconds(1), Duration.ofSeconds(5),
				Duration.ofMinutes(10), 10, admissionSecret, Duration.ofDays(1), Duration.ofSeconds(2),
				Duration.ofMinutes(2), 28, 3, 0, 20), Tokens.SECRET);
	}

	static QueueTicket ticket(EventId event, String userId) {
		return new QueueTicket(QueueTicketId.of(UUID.randomUUID()), event, userId, false, 1, NOW);
	}

	String refusal(String token, EventId event, String userId, Instant at) {
		AdmissionRequired refused = catchThrowableOfType(AdmissionRequired.class,
				() -> tokens.verify(token, event, userId, at));
		assertThat(refused).as("refused").isNotNull();
		assertThat(refused.slug()).isEqualTo("admission-required");
		return (String) refused.properties().get("reason");
	}

	@Test
	void aTokenAdmitsItsUserToItsEventUntilItExpires() {
		assertThatCode(() -> tokens.verify(token, EVENT, "buyer", EXPIRES.minusMillis(1))).doesNotThrowAnyException();
		assertThat(refusal(token, EVENT, "buyer", EXPIRES)).isEqualTo("expired");
	}

	@Test
	void signingIsDeterministicSoEveryNodeHandsOutTheSameToken() {
		QueueTicket ticket = ticket(EVENT, "buyer");
		assertThat(tokens("").issue(ticket, EXPIRES)).isEqualTo(tokens.issue(ticket, EXPIRES));
	}

	@Test
	void anotherEventsOrAnotherUsersTokenIsRefused() {
		assertThat(refusal(token, EventId.of(UUID.randomUUID()), "buyer", NOW)).isEqualTo("other-event");
		assertThat(refusal(token, EVENT, "someone-else", NOW)).isEqualTo("other-user");
	}

	@Test
	void nothingButATokenMarqueeSignedPassesForOne() {
		assertThat(refusal(null, EVENT, "buyer", NOW)).isEqualTo("missing");
		assertThat(refusal(" ", EVENT, "buyer", NOW)).isEqualTo("missing");
		assertThat(refusal("garbage", EVENT, "buyer", NOW)).isEqualTo("invalid");
		assertThat(refusal(forged(token), EVENT, "buyer", NOW)).isEqualTo("invalid");
		// a bearer token is signed with another key and has no admission type
		assertThat(refusal(Tokens.token("buyer"), EVENT, "buyer", NOW)).isEqualTo("invalid");
		// nor does a token signed with another admission secret pass
		String elsewhere = tokens("another-admission-secret-of-32-chars!").issue(ticket(EVENT, "buyer"), EXPIRES);
		assertThat(refusal(elsewhere, EVENT, "buyer", NOW)).isEqualTo("invalid");
	}

	/** The same token with its expiry pushed a day on, signature unchanged. */
	private static String forged(String token) {
		String[] parts = token.split("\\.");
		String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
		long exp = Long.parseLong(claims.replaceFirst(".*\"exp\":(\\d+).*", "$1"));
		String changed = claims.replace("\"exp\":" + exp, "\"exp\":" + (exp + 86_400));
		assertThat(changed).isNotEqualTo(claims);
		return parts[0] + "."
				+ Base64.getUrlEncoder().withoutPadding().encodeToString(changed.getBytes(StandardCharsets.UTF_8)) + "."
				+ parts[2];
	}

}
