package dev.marquee.hold;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.marquee.catalog.EventId;
import dev.marquee.hold.internal.HoldKeys;
import dev.marquee.hold.internal.SnapshotScript;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * The reconciler's side of holds: Redis's sold seats, compared with PostgreSQL's tickets
 * and rebuilt from them when Redis lost them.
 */
@Service
public class SeatReconciliation {

	private static final Logger log = LoggerFactory.getLogger(SeatReconciliation.class);

	private final SnapshotScript script;

	private final ReactiveStringRedisTemplate redis;

	private final HoldKeys keys;

	SeatReconciliation(SnapshotScript script, ReactiveStringRedisTemplate redis, HoldKeys keys) {
		this.script = script;
		this.redis = redis;
		this.keys = keys;
	}

	/**
	 * The seats Redis knows as sold for the event (compared seat by seat with
	 * PostgreSQL's tickets).
	 */
	public Mono<Set<String>> soldSeats(EventId eventId) {
		return this.redis.opsForSet().members(this.keys.sold(eventId)).collect(Collectors.toSet());
	}

	/** Which of these seats Redis knows as sold for the event now. */
	public Mono<Set<String>> soldAmong(EventId eventId, Collection<String> seatIds) {
		if (seatIds.isEmpty()) {
			return Mono.just(Set.of());
		}
		return this.redis.opsForSet()
			.isMember(this.keys.sold(eventId), seatIds.toArray())
			.map(members -> members.entrySet()
				.stream()
				.filter(Map.Entry::getValue)
				.map(member -> (String) member.getKey())
				.collect(Collectors.toSet()));
	}

	/**
	 * Merges the truth from PostgreSQL (sold seats, tickets per buyer) into Redis's view
	 * of the event, atomically. Run at start-up and whenever Redis may have lost state.
	 */
	public Mono<Long> rebuildSold(EventId eventId, List<String> soldSeatIds, Map<String, Integer> ticketsByUser) {
		Map<String, String> bought = ticketsByUser.entrySet()
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey, e -> String.valueOf(e.getValue())));
		return this.script.rebuild(eventId, UUID.randomUUID().toString(), soldSeatIds, bought)
			.doOnNext(seq -> log.debug("Rebuilt sold seats of event {} at seq {}", eventId, seq));
	}

}
