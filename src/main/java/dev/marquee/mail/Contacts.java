package dev.marquee.mail;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.regex.Pattern;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.marquee.security.CallerIdentified;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Where each buyer's letters go: the address their identity provider vouches for, kept
 * when one of their tokens is first verified on a node. A node writes an address only
 * when it has not already seen that user with it, so a buyer costs one write per node
 * (and one more whenever the address changes), not one per request.
 */
@Component
class Contacts {

	private static final Logger log = LoggerFactory.getLogger(Contacts.class);

	/**
	 * What can be an address: one {@code @}, no spaces or angle brackets, 254 at most.
	 */
	private static final Pattern ADDRESS = Pattern.compile("[^@\\s<>,;\"]{1,64}@[^@\\s<>,;\"]{1,189}");

	private final DatabaseClient db;

	private final Clock clock;

	private final Cache<String, String> written = Caffeine.newBuilder().maximumSize(100_000).build();

	Contacts(DatabaseClient db, Clock clock) {
		this.db = db;
		this.clock = clock;
	}

	@EventListener
	void identified(CallerIdentified caller) {
		String email = caller.email();
		if (!ADDRESS.matcher(email).matches() || email.equals(written.getIfPresent(caller.userId()))) {
			return;
		}
		remember(caller.userId(), email).subscribe(null, ex -> log
			.warn("Could not keep the address of {} ({}); the next token tries again", caller.userId(), ex.toString()));
	}

	Mono<Void> remember(String userId, String email) {
		return db
			.sql("insert into contact (user_id, email, updated_at) values (:user, :email, :at)"
					+ " on conflict (user_id) do update set email = excluded.email, updated_at = excluded.updated_at"
					+ " where contact.email <> excluded.email")
			.bind("user", userId)
			.bind("email", email)
			.bind("at", clock.instant().atOffset(ZoneOffset.UTC))
			.then()
			.doOnSuccess(done -> written.put(userId, email));
	}

	/** The user's address; empty if none is known. */
	Mono<String> email(String userId) {
		return db.sql("select email from contact where user_id = :user")
			.bind("user", userId)
			.map(row -> row.get("email", String.class))
			.one();
	}

}
