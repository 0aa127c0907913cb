package dev.marquee.queue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.marquee.catalog.CatalogManagement;
import dev.marquee.catalog.Event;
import dev.marquee.catalog.EventId;
import dev.marquee.queue.QueueProblems.QueueNotEnabled;
import dev.marquee.queue.QueueProblems.QueueTicketNotFound;
import dev.marquee.queue.QueueProblems.SalesClosed;

import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * The waiting room's public face: join, look up where a ticket stands, and check the admission
 * token a hold on a queue-protected event carries.
 */
@Service
public class QueueManagement {

	private final CatalogManagement catalog;

	private final QueueScripts scripts;

	private final ReactiveStringRedisTemplate redis;

	private final AdmissionTokens tokens;

	private final QueueProperties properties;

	private final Clock clock;

	QueueManagement(CatalogManagement catalog, QueueScripts scripts, ReactiveStringRedisTemplate redis,
			AdmissionTokens tokens, QueueProperties properties, Clock clock) {
		this.catalog = catalog;
		this.scripts = scripts;
		this.redis = redis;
		this.tokens = tokens;
		this.properties = properties;
		this.clock = clock;
	}

	/** A join's outcome: where the ticket stands, and whether this join created it. */
	public record Joined(Standing standing, boolean created) {
	}

	/**
	 * Joins the event's waiting room; joining again answers the same ticket, unless its turn came
	 * and expired, in which case the buyer goes to the back of the line with a new one.
	 */
	public Mono<Joined> join(String eventId, String userId) {
		return Mono.fromCallable(() -> EventId.parse(eventId)).flatMap(catalog::setup).flatMap(setup -> {
			Event event = setup.event();
			if (!event.queueEnabled()) {
				return Mono.error(new QueueNotEnabled(event.id().value()));
			}
			if (!clock.instant().isBefore(event.startsAt())) {
				return Mono.error(new SalesClosed(event.id().value(), event.startsAt()));
			}
			return join(event, userId, "");
		});
	}

	private Mono<Joined> join(Event event, String userId, String replacing) {
		UUID id = event.id().value();
		List<String> keys = List.of(scripts.state(id), scripts.users(id), scripts.tickets(id));
		List<String> args = List.of(userId, UUID.randomUUID().toString(), String.valueOf(clock.millis()),
				String.valueOf(event.onSaleAt().toEpochMilli()), String.valueOf(expireAt(event)), replacing);
		return scripts.run(scripts.join, keys, args).flatMap(result -> {
			QueueTicket ticket = QueueTicket.parse(id, result.get(1), result.get(2));
			QueueState state = QueueState.fromFields(result.subList(3, 7));
			boolean created = "NEW".equals(result.get(0));
			return standing(event, ticket, state).flatMap(standing -> {
				if (!created && standing.status() == Standing.Status.EXPIRED && replacing.isEmpty()) {
					return join(event, userId, ticket.ticketId());
				}
				return Mono.just(new Joined(standing, created));
			});
		});
	}

	/**
	 * Where the ticket stands; only its holder may look.
	 */
	public Mono<Standing> standing(String eventId, String ticketId, String userId) {
		return watch(eventId, ticketId).flatMap(watch -> userId.equals(watch.standing().ticket().userId())
				? Mono.just(watch.standing()) : Mono.error(new QueueTicketNotFound(ticketId)));
	}

	/** What a watcher of a ticket starts from: the event, the queue's state and where the ticket stands. */
	public record Watch(Event event, QueueState state, Standing standing) {
	}

	/** Reads a ticket for a watcher, who holds its unguessable id; fails if there is no such ticket. */
	public Mono<Watch> watch(String eventId, String ticketId) {
		return Mono.fromCallable(() -> EventId.parse(eventId)).flatMap(catalog::setup).flatMap(setup -> {
			UUID id = setup.event().id().value();
			return scripts.run(scripts.ticket, List.of(scripts.state(id), scripts.tickets(id)), List.of(ticketId))
				.flatMap(result -> {
					if (!"OK".equals(result.get(0))) {
						return Mono.error(new QueueTicketNotFound(ticketId));
					}
					QueueTicket ticket = QueueTicket.parse(id, result.get(1), result.get(2));
					QueueState state = QueueState.fromFields(result.subList(3, 7));
					return standing(setup.event(), ticket, state)
						.map(standing -> new Watch(setup.event(), state, standing));
				});
		});
	}

	private Mono<Standing> standing(Event event, QueueTicket ticket, QueueState state) {
		long number = ticket.number(state);
		if (number == 0 || number > state.serving()) {
			return Mono.just(standing(event, ticket, state, null));
		}
		return admittedAt(event.id().value(), number).map(at -> standing(event, ticket, state, at));
	}

	/** When the step that admitted {@code number} ran. */
	private Mono<Long> admittedAt(UUID eventId, long number) {
		return redis.opsForZSet()
			.rangeByScore(scripts.advances(eventId), Range.rightUnbounded(Range.Bound.inclusive((double) number)),
					Limit.limit().count(1))
			.next()
			.map(member -> Long.parseLong(member.split(":")[1]))
			.switchIfEmpty(Mono.error(() -> new IllegalStateException(
					"Number " + number + " of event " + eventId + " is admitted but no step admitted it")));
	}

	/**
	 * Where the ticket stands in the given state of its queue; {@code admittedAtMillis} is when the
	 * step that admitted it ran, if it was admitted.
	 */
	public Standing standing(Event event, QueueTicket ticket, QueueState state, Long admittedAtMillis) {
		Instant now = clock.instant();
		if (!state.opened()) {
			long toOpening = Math.max(0, Duration.between(now, event.onSaleAt()).toSeconds());
			return new Standing(ticket, Standing.Status.WAITING, null, 0, toOpening, event.onSaleAt(), null, null);
		}
		long number = ticket.number(state);
		if (number > state.serving()) {
			long position = number - state.serving();
			long wait = (position * 60 + event.admitPerMinute() - 1) / event.admitPerMinute();
			return new Standing(ticket, Standing.Status.WAITING, position, state.serving(), wait, null, null, null);
		}
		Instant expiresAt = Instant.ofEpochMilli(admittedAtMillis).plus(properties.admissionTtl());
		if (!now.isBefore(expiresAt)) {
			return new Standing(ticket, Standing.Status.EXPIRED, 0L, state.serving(), 0, null, null, expiresAt);
		}
		return new Standing(ticket, Standing.Status.ADMITTED, 0L, state.serving(), 0, null,
				tokens.issue(ticket, expiresAt), expiresAt);
	}

	/**
	 * Passes if holds on this event need no admission, or if the token admits this user now;
	 * otherwise fails with {@link QueueProblems.AdmissionRequired} saying why.
	 */
	public void requireAdmission(Event event, String userId, String admissionToken) {
		if (event.queueEnabled()) {
			tokens.verify(admissionToken, event.id().value(), userId, clock.instant());
		}
	}

	long expireAt(Event event) {
		return event.startsAt().plus(properties.retention()).getEpochSecond();
	}

}
