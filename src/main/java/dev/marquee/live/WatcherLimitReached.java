package dev.marquee.live;

import dev.marquee.shared.ProblemException;

import org.springframework.http.HttpStatus;

/**
 * The node already serves {@code marquee.live.max-watchers} seat streams: a new one is
 * refused at once (another node, or this one a little later, can take it) rather than
 * every watcher of the node falling behind.
 */
public class WatcherLimitReached extends ProblemException {

	public WatcherLimitReached(int limit) {
		super(HttpStatus.SERVICE_UNAVAILABLE, "watcher-limit",
				"This node already serves its limit of " + limit + " seat streams; try again shortly.");
		with("limit", limit);
	}

}
