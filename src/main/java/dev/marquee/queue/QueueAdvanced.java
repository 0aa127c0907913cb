package dev.marquee.queue;

import java.util.UUID;

/**
 * The waiting room of an event opened or moved "now serving" on. One of these updates
 * every watcher: each works out its own position from it.
 *
 * @param eventId the event
 * @param state the queue after the step
 * @param atMillis when the step admitted its buyers (their admission tokens count from
 * here)
 * @param admitPerMinute the admission rate, for estimated waits
 */
public record QueueAdvanced(UUID eventId, QueueState state, long atMillis, int admitPerMinute) {
}
