package dev.marquee.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that follows real time until a test moves it forward (or freezes it), so
 * countdowns and admission rates can be run deterministically without waiting.
 */
public final class MutableClock extends Clock {

	private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

	private final AtomicReference<Instant> frozenAt = new AtomicReference<>();

	/** Stops the clock where it is: from now on only {@link #advance} moves it. */
	public void freeze() {
		frozenAt.set(Instant.now());
	}

	/** Stops the clock at {@code at}: from now on only {@link #advance} moves it. */
	public void freezeAt(Instant at) {
		offset.set(Duration.ZERO);
		frozenAt.set(at);
	}

	public void advance(Duration by) {
		offset.accumulateAndGet(by, Duration::plus);
	}

	public void reset() {
		frozenAt.set(null);
		offset.set(Duration.ZERO);
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		return this;
	}

	@Override
	public Instant instant() {
		Instant frozen = frozenAt.get();
		return (frozen == null ? Instant.now() : frozen).plus(offset.get());
	}

}
