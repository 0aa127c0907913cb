package dev.marquee.live.web;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.netty.channel.EventLoop;

/**
 * A client's asks for a fresh snapshot, answered at most once per
 * {@code marquee.live.resync-interval}: the first at once, the asks in between by one
 * answer when the interval ends. Confined to the connection's event loop.
 */
final class ResyncAsks {

	private final EventLoop loop;

	private final long intervalNanos;

	private final Runnable answer;

	/** When the last ask was answered. */
	private long lastAnsweredNanos = System.nanoTime() - (1L << 62);

	private boolean scheduled;

	ResyncAsks(EventLoop loop, Duration interval, Runnable answer) {
		this.loop = loop;
		this.intervalNanos = interval.toNanos();
		this.answer = answer;
	}

	void ask() {
		if (scheduled) {
			return;
		}
		long wait = lastAnsweredNanos + intervalNanos - System.nanoTime();
		if (wait <= 0) {
			answered();
			return;
		}
		scheduled = true;
		loop.schedule(() -> {
			scheduled = false;
			answered();
		}, wait, TimeUnit.NANOSECONDS);
	}

	private void answered() {
		lastAnsweredNanos = System.nanoTime();
		answer.run();
	}

}
