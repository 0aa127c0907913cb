package dev.marquee.queue;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

import dev.marquee.catalog.CatalogManagement;
import dev.marquee.catalog.Event;
import dev.marquee.catalog.EventId;
import dev.marquee.queue.QueueProblems.QueueNotEnabled;
import dev.marquee.queue.QueueProblems.QueueTicketNotFound;
import dev.marquee.queue.QueueProblems.SalesClosed;
import dev.marquee.queue.QueueScripts.Joining;
import dev.marquee.queue.QueueScripts.Lookup;
import dev.marquee.shared.redis.KeyScan;

import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * The waiting room's public face: join, look up where a ticket stands, and check the
 * admission token a hold on a queue-protected event carries.
 */
@Service
public class QueueManagement {

	private final CatalogManagement catalog;

	private final QueueScripts scripts;

	private final QueueKeys keys;

	private final ReactiveStringRedisTemplate redis;

	private final AdmissionTokens tokens;

	private final Standings standings;

	private final QueueProperties properties;

	private final Clock clock;

	private final ProofOfWork proofOfWork;

	QueueManagement(CatalogManagement catalog, QueueScripts scripts, QueueKeys keys, ReactiveStringRedisTemplate redis,
			AdmissionTokens tokens, QueueProperties properties, Clock clock, ProofOfWork proofOfWork) {
		this.proofOfWork = proofOfWork;
		this.catalog = catalog;
		this.scripts = scripts;
		this.keys = keys;
		this.redis = redis;
		this.tokens = tokens;
		this.standings = new Standings(properties.admissionTtl(), tokens::issue);
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * The waiting room at a glance, for its organizers: whether it opened, how many
	 * joined, how many were let through ({@code admitted}, the number now serving), how
	 * many wait, and the rate it admits at.
	 */
	public record QueueSummary(boolean enabled, boolean opened, long joined, long admitted, long waiting,
			Integer admitPerMinute) {
	}

	/** The event's waiting room at a glance (zeros when it has none, or nobody came). */
	public Mono<QueueSummary> summary(EventId eventId) {
		return this.catalog.setup(eventId).flatMap(setup -> {
			Event event = setup.event();
			if (!event.queueEnabled()) {
				return Mono.just(new QueueSummary(false, false, 0, 0, 0, null));
			}
			return this.redis.<String, String>opsForHash()
				.entries(this.keys.state(eventId))
				.collectMap(Map.Entry::getKey, Map.Entry::getValue)
				.map(state -> {
					long joined = number(state.get("earlyJoined")) + number(state.get("lateJoined"));
					long admitted = Math.min(joined, number(state.get("serving")));
					return new QueueSummary(true, "1".equals(state.get("opened")), joined, admitted, joined - admitted,
							event.admitPerMinute());
				});
		});
	}

	private static long number(String value) {
		return value == null ? 0 : Long.parseLong(value);
	}

	/**
	 * Forgets the event's waiting room, every ticket in it included: for a rehearsal that
	 * is over, never for an event on sale. Answers how many keys went.
	 */
	public Mono<Long> forgetEvent(EventId eventId) {
		return KeyScan.unlinkMatching(this.redis, this.keys.eventPattern(eventId));
	}

	/** A join's outcome: where the ticket stands, and whether this join created it. */
	public record Joined(Standing standing, boolean created) {
	}

	/**
	 * Joins the event's waiting room; joining again answers the same ticket, unless its
	 * turn came and expired, in which case the buyer goes to the back of the line with a
	 * new one.
	 */
	public Mono<Joined> join(EventId eventId, String userId) {
		return join(eventId, userId, JoinGate.NONE);
	}

	/**
	 * {@link #join(EventId, String)} through the waiting room's door: the proof of work
	 * it asks for now, and its limits per device and address ({@code docs/FAIRNESS.md}).
	 */
	public Mono<Joined> join(EventId eventId, String userId, JoinGate gate) {
		return this.catalog.setup(eventId).flatMap(setup -> {
			Event event = setup.event();
			if (!event.queueEnabled()) {
				return Mono.error(new QueueNotEnabled(eventId));
			}
			if (!this.clock.instant().isBefore(event.startsAt())) {
				return Mono.error(new SalesClosed(eventId, event.startsAt()));
			}
			ProofOfWork.Proof proof = this.proofOfWork.check(eventId, userId, gate.challenge(), gate.solution(),
					this.clock.instant());
			return join(event, userId, null, proof, gate);
		});
	}

	private Mono<Joined> join(Event event, String userId, QueueTicketId replacing, ProofOfWork.Proof proof,
			JoinGate gate) {
		long expireAt = event.startsAt().plus(this.properties.retention()).getEpochSecond();
		return this.scripts
			.join(event.id(), userId, this.clock.instant(), event.onSaleAt(), expireAt, replacing, proof, gate)
			.flatMap(joining -> standing(event, joining.ticket(), joining.state()).flatMap(standing -> {
				boolean created = joining instanceof Joining.Created;
				if (!created && standing.status() == Standing.Status.EXPIRED && replacing == null) {
					return join(event, userId, joining.ticket().ticketId(), proof, gate);
				}
				return Mono.just(new Joined(standing, created));
			}));
	}

	/**
	 * Where the ticket stands; only its holder may look.
	 */
	public Mono<Standing> standing(EventId eventId, QueueTicketId ticketId, String userId) {
		return watch(eventId, ticketId).flatMap(watch -> userId.equals(watch.standing().ticket().userId())
				? Mono.just(watch.standing()) : Mono.error(new QueueTicketNotFound(ticketId)));
	}

	/**
	 * What a watcher of a ticket starts from: the event, the queue's state and where the
	 * ticket stands.
	 */
	public record Watch(Event event, QueueState state, Standing standing) {
	}

	/**
	 * Reads a ticket for a watcher, who holds its unguessable id; fails if there is no
	 * such ticket.
	 */
	public Mono<Watch> watch(EventId eventId, QueueTicketId ticketId) {
		return this.catalog.setup(eventId)
			.flatMap(setup -> this.scripts.read(eventId, ticketId).flatMap(lookup -> switch (lookup) {
				case Lookup.Found found -> standing(setup.event(), found.ticket(), found.state())
					.map(standing -> new Watch(setup.event(), found.state(), standing));
				case Lookup.Unknown unknown -> Mono.error(new QueueTicketNotFound(ticketId));
			}));
	}

	private Mono<Standing> standing(Event event, QueueTicket ticket, QueueState state) {
		long number = ticket.number(state);
		if (number == 0 || number > state.serving()) {
			return Mono.just(standing(event, ticket, state, null));
		}
		return admittedAt(ticket.eventId(), number).map(at -> standing(event, ticket, state, at));
	}

	/** When the step that admitted {@code number} ran. */
	private Mono<Instant> admittedAt(EventId eventId, long number) {
		return this.redis.opsForZSet()
			.rangeByScore(this.keys.advances(eventId), Range.rightUnbounded(Range.Bound.inclusive((double) number)),
					Limit.limit().count(1))
			.next()
			.map(member -> Instant.ofEpochMilli(Long.parseLong(member.split(":")[1])))
			.switchIfEmpty(Mono.error(() -> new IllegalStateException(
					"Number " + number + " of event " + eventId + " is admitted but no step admitted it")));
	}

	/**
	 * Where the ticket stands in the given state of its queue; {@code admittedAt} is when
	 * the step that admitted it ran, if it was admitted (null otherwise).
	 */
	public Standing standing(Event event, QueueTicket ticket, QueueState state, Instant admittedAt) {
		return this.standings.of(ticket, state, event.onSaleAt(), event.admitPerMinute(), admittedAt,
				this.clock.instant());
	}

	/**
	 * Passes if holds on this event need no admission, or if the token admits this user
	 * now; otherwise fails with {@link QueueProblems.AdmissionRequired} saying why.
	 */
	public void requireAdmission(Event event, String userId, String admissionToken) {
		if (event.queueEnabled()) {
			this.tokens.verify(admissionToken, event.id(), userId, this.clock.instant());
		}
	}

}
