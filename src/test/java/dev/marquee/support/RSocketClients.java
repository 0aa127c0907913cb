package dev.marquee.support;

import java.net.URI;

import io.rsocket.metadata.WellKnownMimeType;

import org.springframework.core.env.Environment;
import org.springframework.messaging.rsocket.RSocketRequester;
import org.springframework.messaging.rsocket.RSocketStrategies;
import org.springframework.security.rsocket.metadata.BearerTokenAuthenticationEncoder;
import org.springframework.security.rsocket.metadata.BearerTokenMetadata;
import org.springframework.util.MimeType;
import org.springframework.util.MimeTypeUtils;

/**
 * RSocket clients of the running application as a mobile client connects: JSON data, the
 * application's codecs, and the bearer token in the well-known authentication metadata. A
 * bean of every {@link IntegrationTest}.
 */
public class RSocketClients {

	/**
	 * The mime type of bearer-token metadata
	 * ({@code message/x.rsocket.authentication.v0}).
	 */
	public static final MimeType BEARER = MimeType
		.valueOf(WellKnownMimeType.MESSAGE_RSOCKET_AUTHENTICATION.getString());

	private final RSocketStrategies strategies;

	private final Environment environment;

	RSocketClients(RSocketStrategies strategies, Environment environment) {
		this.strategies = strategies;
		this.environment = environment;
	}

	/** A requester builder with JSON data and an encoder for bearer-token metadata. */
	public RSocketRequester.Builder builder() {
		return RSocketRequester.builder()
			.dataMimeType(MimeTypeUtils.APPLICATION_JSON)
			.rsocketStrategies(strategies.mutate().encoder(new BearerTokenAuthenticationEncoder()).build());
	}

	/** A builder whose connection signs in with {@code token} in its setup metadata. */
	public RSocketRequester.Builder signedIn(String token) {
		return builder().setupMetadata(new BearerTokenMetadata(token), BEARER);
	}

	/**
	 * A connection over TCP, signed in with {@code token}, or anonymous when it is null.
	 */
	public RSocketRequester tcp(String token) {
		return (token != null ? signedIn(token) : builder()).tcp("localhost", tcpPort());
	}

	/** An anonymous connection over WebSocket at {@code /rsocket} on the HTTP port. */
	public RSocketRequester webSocket() {
		return builder().websocket(webSocketUri());
	}

	/** The port of the RSocket TCP server. */
	public int tcpPort() {
		return environment.getRequiredProperty("local.rsocket.server.port", Integer.class);
	}

	/** {@code ws://localhost:<http port>/rsocket}. */
	public URI webSocketUri() {
		return URI.create("ws://localhost:" + environment.getRequiredProperty("local.server.port") + "/rsocket");
	}

}
