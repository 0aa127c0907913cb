package dev.marquee.live;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the live seat streams.
 *
 * @param subscriberBuffer how many frames a subscriber may fall behind before it is given
 * a fresh snapshot instead
 * @param heartbeat how often an idle stream is pinged, so dead connections are noticed
 * @param coalesceWindow a change after a quiet window goes out at once; changes of one
 * event arriving within the window after a message go out together as the next message
 * (one entry per seat, its latest status); zero sends every change on its own. For
 * WebSocket watchers it is the least time from one pass over an event's connections to
 * the next (a pass that takes longer is followed at once, with no window on top)
 * @param reorderWait how long a feed holds an event's later changes back while one with a
 * lower {@code seq} has not arrived yet (changes are published after their Redis script
 * returns, from several threads and nodes, so they can arrive out of order); after that
 * it goes on past the missing one and its subscribers resync
 * @param resyncInterval a WebSocket connection asking to resync gets at most one snapshot
 * per this interval; asks in between are answered by one snapshot when it ends
 * @param seqCheckInterval how often each watched event's seq is compared with its feed: a
 * seq that went back or vanished (Redis lost the event) or moved on without a change
 * arriving (a rebuild, a change that was never announced) gives the event's subscribers a
 * fresh snapshot
 * @param maxWatchers seat streams (WebSocket, SSE and RSocket together) this node serves
 * at most; past it a new one is refused at once (WebSocket close 1013, HTTP 503) rather
 * than every watcher of the node falling behind
 * @param watcherBuffer bytes a WebSocket watcher's connection may have queued on the
 * server, beyond what its socket holds, before the watcher counts as stalled: it is sent
 * nothing more until it reads again, and then starts over from a fresh snapshot; the same
 * size caps the socket's own send buffer
 * @param stallTimeout a WebSocket watcher stalled this long is closed (4429)
 * @param compress whether WebSocket seat streams offer per-message compression
 * ({@code permessage-deflate}): each message is compressed once for every watcher that
 * accepted it
 * @param sweepChunk how many WebSocket watchers of an event an event loop writes before
 * it reads its other connections again (the buyers' requests that make the changes), when
 * changes go out to many watchers at once
 * @param kafka the bus between nodes; without {@code bootstrap-servers} a node runs alone
 * with an in-process bus
 */
@Validated
@ConfigurationProperties("marquee.live")
public record LiveProperties(@Min(8) @DefaultValue("256") int subscriberBuffer,
		@NotNull @DefaultValue("25s") Duration heartbeat, @NotNull @DefaultValue("50ms") Duration coalesceWindow,
		@NotNull @DefaultValue("1s") Duration reorderWait, @NotNull @DefaultValue("1s") Duration resyncInterval,
		@NotNull @DefaultValue("5s") Duration seqCheckInterval, @Min(1) @DefaultValue("20000") int maxWatchers,
		@NotNull @DefaultValue("64KB") DataSize watcherBuffer, @NotNull @DefaultValue("30s") Duration stallTimeout,
		@DefaultValue("true") boolean compress, @Min(1) @DefaultValue("256") int sweepChunk,
		@NotNull @DefaultValue Kafka kafka) {

	/**
	 * The Kafka bus.
	 *
	 * @param bootstrapServers brokers; empty means no Kafka (a single node)
	 * @param topic where seat changes go, keyed by event id so one event's changes stay
	 * in order
	 * @param partitions partitions of the topic when Marquee creates it
	 * @param replicationFactor replicas of the topic when Marquee creates it
	 * @param probeInterval how often a node checks it can reach the brokers; when it can
	 * again after it could not (or after a change failed to go out), every subscriber of
	 * the node is given a fresh snapshot, since changes may have been missed in between
	 */
	public record Kafka(String bootstrapServers, @DefaultValue("marquee.seat-changes") String topic,
			@Min(1) @DefaultValue("12") int partitions, @Min(1) @DefaultValue("1") short replicationFactor,
			@NotNull @DefaultValue("2s") Duration probeInterval) {
	}

}
