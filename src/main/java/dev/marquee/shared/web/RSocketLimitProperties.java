package dev.marquee.shared.web;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Size limits of RSocket, over TCP and over WebSocket, like the HTTP body limit: a hold
 * or a purchase is a few hundred bytes.
 *
 * @param maxPayload the largest payload (data and metadata) a client may send, whole or
 * as fragments; frames may carry 1 KB of headers on top. Past it the connection gets an
 * error and is closed. Payloads the server sends are fragmented to this size.
 */
@Validated
@ConfigurationProperties("marquee.rsocket")
public record RSocketLimitProperties(@NotNull @DefaultValue("64KB") DataSize maxPayload) {

	/**
	 * Room for a frame's headers (a SETUP frame's mime types are the largest) on top of
	 * its payload.
	 */
	static final int HEADER_ALLOWANCE = 1024;

	/**
	 * The largest frame, and the most bytes of unfinished fragmented payloads, one
	 * connection may send.
	 */
	public int maxFrameLength() {
		return Math.toIntExact(maxPayload.toBytes()) + HEADER_ALLOWANCE;
	}

	/** Size of the fragments the server sends. */
	int mtu() {
		return Math.toIntExact(maxPayload.toBytes());
	}

}
