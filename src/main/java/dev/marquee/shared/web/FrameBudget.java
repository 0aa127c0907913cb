package dev.marquee.shared.web;

import java.net.SocketAddress;
import java.util.HashMap;
import java.util.Map;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.TooLongFrameException;
import io.rsocket.DuplexConnection;
import io.rsocket.RSocketErrorException;
import io.rsocket.exceptions.ConnectionErrorException;
import io.rsocket.frame.FrameHeaderCodec;
import io.rsocket.frame.FrameType;
import io.rsocket.plugins.DuplexConnectionInterceptor;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Closes an RSocket connection, with a connection error, as soon as it sends a frame
 * larger than the limit or unfinished fragmented payloads adding up to more than it.
 * RSocket reassembles fragments before routing and authorization, so without this one
 * anonymous client could make a node hold up to 2 GiB per request;
 * {@code maxInboundPayloadSize} alone only fails the one request and leaves the
 * connection sending more.
 */
final class FrameBudget implements DuplexConnectionInterceptor {

	private final int maxBytes;

	FrameBudget(int maxBytes) {
		this.maxBytes = maxBytes;
	}

	@Override
	public DuplexConnection apply(Type type, DuplexConnection connection) {
		// the transport's own connection: every frame passes here before reassembly
		return type == Type.SOURCE ? new Budgeted(connection, maxBytes) : connection;
	}

	static final class Budgeted implements DuplexConnection {

		private final DuplexConnection delegate;

		private final int maxBytes;

		Budgeted(DuplexConnection delegate, int maxBytes) {
			this.delegate = delegate;
			this.maxBytes = maxBytes;
		}

		@Override
		public Flux<ByteBuf> receive() {
			return Flux.defer(() -> {
				// bytes received so far of each stream's unfinished payload; one
				// subscriber, one thread
				Map<Integer, Integer> pending = new HashMap<>();
				long[] total = { 0 };
				return delegate.receive().<ByteBuf>handle((frame, sink) -> {
					String refusal = account(frame, pending, total);
					if (refusal == null) {
						sink.next(frame);
						return;
					}
					// not released here: the transport releases what it received
					delegate.sendErrorAndClose(new ConnectionErrorException(refusal));
					sink.complete();
				}).onErrorResume(failure -> {
					// the TCP frame decoder refuses a frame past the limit as an inbound
					// error, which RSocket ignores: the connection would stay open
					delegate.sendErrorAndClose(new ConnectionErrorException(failure instanceof TooLongFrameException
							? "Frame exceeds the limit of " + maxBytes + " bytes" : "Inbound failure"));
					return Flux.empty();
				});
			});
		}

		private String account(ByteBuf frame, Map<Integer, Integer> pending, long[] total) {
			int length = frame.readableBytes();
			if (length > maxBytes) {
				return "Frame of " + length + " bytes exceeds the limit of " + maxBytes + " bytes";
			}
			int streamId = FrameHeaderCodec.streamId(frame);
			FrameType type = FrameHeaderCodec.frameType(frame);
			if (type == FrameType.CANCEL || type == FrameType.ERROR) {
				Integer dropped = pending.remove(streamId);
				total[0] -= dropped == null ? 0 : dropped;
				return null;
			}
			boolean follows = FrameHeaderCodec.hasFollows(frame);
			Integer sofar = pending.get(streamId);
			if (!follows && sofar == null) {
				return null;
			}
			total[0] += length;
			if (total[0] > maxBytes) {
				return "Fragmented payloads exceed the limit of " + maxBytes + " bytes";
			}
			if (follows) {
				pending.put(streamId, (sofar == null ? 0 : sofar) + length);
			}
			else {
				total[0] -= sofar + length;
				pending.remove(streamId);
			}
			return null;
		}

		@Override
		public void sendFrame(int streamId, ByteBuf frame) {
			delegate.sendFrame(streamId, frame);
		}

		@Override
		public void sendErrorAndClose(RSocketErrorException e) {
			delegate.sendErrorAndClose(e);
		}

		@Override
		public ByteBufAllocator alloc() {
			return delegate.alloc();
		}

		@Override
		public SocketAddress remoteAddress() {
			return delegate.remoteAddress();
		}

		@Override
		public double availability() {
			return delegate.availability();
		}

		@Override
		public Mono<Void> onClose() {
			return delegate.onClose();
		}

		@Override
		public void dispose() {
			delegate.dispose();
		}

		@Override
		public boolean isDisposed() {
			return delegate.isDisposed();
		}

	}

}
