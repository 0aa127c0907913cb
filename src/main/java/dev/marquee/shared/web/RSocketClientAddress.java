package dev.marquee.shared.web;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

import io.rsocket.Payload;
import io.rsocket.RSocket;
import io.rsocket.SocketAcceptor;
import io.rsocket.util.RSocketProxy;
import io.rsocket.plugins.SocketAcceptorInterceptor;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * The client address of an RSocket connection, for its requests' rate limits. The
 * transport puts it in the context of the connection's acceptance
 * ({@link #of(SocketAddress)}), the interceptor hands it on to every request of the
 * connection, and a request reads it with {@link #from(ContextView)}.
 */
public final class RSocketClientAddress {

	private static final Object KEY = RSocketClientAddress.class;

	private RSocketClientAddress() {
	}

	/** The context of a connection from this address ({@code null}: not known). */
	public static Context of(SocketAddress address) {
		return address instanceof InetSocketAddress inet ? Context.of(KEY, inet) : Context.empty();
	}

	/** The client address of the request running in this context, or null. */
	static InetSocketAddress from(ContextView context) {
		return context.getOrDefault(KEY, null);
	}

	/** Hands the connection's address on to each of its requests. */
	static SocketAcceptorInterceptor interceptor() {
		return acceptor -> (SocketAcceptor) (setup, sendingSocket) -> Mono.deferContextual(context -> {
			InetSocketAddress address = from(context);
			return acceptor.accept(setup, sendingSocket)
				.map(handler -> address == null ? handler : new Addressed(handler, Context.of(KEY, address)));
		});
	}

	/**
	 * Every request of the connection carries its client's address; the rest is
	 * delegated.
	 */
	private static final class Addressed extends RSocketProxy {

		private final Context address;

		Addressed(RSocket delegate, Context address) {
			super(delegate);
			this.address = address;
		}

		@Override
		public Mono<Void> fireAndForget(Payload payload) {
			return super.fireAndForget(payload).contextWrite(address);
		}

		@Override
		public Mono<Payload> requestResponse(Payload payload) {
			return super.requestResponse(payload).contextWrite(address);
		}

		@Override
		public Flux<Payload> requestStream(Payload payload) {
			return super.requestStream(payload).contextWrite(address);
		}

		@Override
		public Flux<Payload> requestChannel(Publisher<Payload> payloads) {
			return super.requestChannel(payloads).contextWrite(address);
		}

		@Override
		public Mono<Void> metadataPush(Payload payload) {
			return super.metadataPush(payload).contextWrite(address);
		}

	}

}
