package dev.marquee.live;

import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * How many seat streams this node serves (WebSocket, SSE and RSocket together), held to
 * {@code marquee.live.max-watchers}: past it a new one is refused rather than every
 * watcher of the node falling behind. Also counts the WebSocket watchers that stalled.
 */
@Component
public class Watchers {

	private final int limit;

	private final AtomicInteger open = new AtomicInteger();

	private final Counter refused;

	private final Counter stalls;

	Watchers(LiveProperties properties, MeterRegistry meters) {
		this.limit = properties.maxWatchers();
		Gauge.builder("marquee.live.subscribers", open, AtomicInteger::get)
			.description("Open seat streams on this node (WebSocket, SSE and RSocket)")
			.register(meters);
		this.refused = Counter.builder("marquee.live.refused")
			.description("Seat streams refused because the node serves marquee.live.max-watchers already")
			.register(meters);
		this.stalls = Counter.builder("marquee.live.stalls")
			.description("WebSocket watchers that stopped reading and were sent nothing more until they read again")
			.register(meters);
	}

	/**
	 * Counts one more seat stream, unless the node serves its limit already (then false,
	 * and the caller refuses it). Every admitted stream {@link #leave}s once.
	 */
	public boolean admit() {
		while (true) {
			int now = open.get();
			if (now >= limit) {
				refused.increment();
				return false;
			}
			if (open.compareAndSet(now, now + 1)) {
				return true;
			}
		}
	}

	/**
	 * Fails with {@link WatcherLimitReached} if the node serves its limit now: for a
	 * transport that must answer before its stream starts (SSE's status line).
	 */
	public void requireRoom() {
		if (open.get() >= limit) {
			refused.increment();
			throw new WatcherLimitReached(limit);
		}
	}

	/** An admitted seat stream ended. */
	public void leave() {
		open.decrementAndGet();
	}

	/** The refusal of a stream past the limit. */
	WatcherLimitReached refusal() {
		return new WatcherLimitReached(limit);
	}

	/**
	 * Counts a connection that stopped reading (see {@code marquee.live.watcher-buffer}).
	 */
	public void stalled() {
		stalls.increment();
	}

}
