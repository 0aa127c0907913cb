package dev.marquee.hold.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The safety net under the keyspace listener: periodically releases every hold whose
 * countdown has passed, since expiry notifications are at-most-once.
 */
@Component
class HoldSweeper {

	private static final Logger log = LoggerFactory.getLogger(HoldSweeper.class);

	private final HoldExpiry expiry;

	private final HoldExpiryListener listener;

	HoldSweeper(HoldExpiry expiry, HoldExpiryListener listener) {
		this.expiry = expiry;
		this.listener = listener;
	}

	@Scheduled(fixedDelayString = "${marquee.hold.sweep-interval:2s}",
			initialDelayString = "${marquee.hold.sweep-interval:2s}")
	Mono<Void> sweep() {
		// the scheduler calls this once and subscribes to the answer on every run: build
		// the work (and read the clock) per run, or every sweep would look for holds
		// expired by start-up
		return Mono.defer(() -> listener.ensureNotifications().then(this.expiry.sweep())).doOnNext(released -> {
			if (released > 0) {
				log.info("Sweep released {} expired holds", released);
			}
		}).onErrorResume(ex -> {
			log.warn("Hold sweep failed: {}", ex.toString());
			return Mono.empty();
		}).then();
	}

}
