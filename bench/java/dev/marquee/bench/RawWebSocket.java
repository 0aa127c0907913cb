package dev.marquee.bench;

import java.net.URI;
import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.util.ReferenceCountUtil;

/**
 * A client WebSocket on raw Netty, for benchmarks that read many of them on one core: the
 * handshake goes through {@link HttpClientCodec} and Netty's handshaker, then the HTTP
 * handlers leave the pipeline and frames are parsed straight off the socket's buffers (no
 * frame objects, no decoder, no UTF-8 validation); a message's payload is handed to
 * {@link #onMessage} as a range of the buffer it arrived in. Extensions the handshake
 * offers are not applied: a message arrives as it was sent, with its RSV1 bit
 * (permessage-deflate) passed along. Pings are answered; a close frame is answered and
 * ends the connection. Confined to the channel's event loop.
 */
abstract class RawWebSocket extends ChannelInboundHandlerAdapter {

	static final int MAX_PAYLOAD = 16 << 20;

	private static final int TEXT = 1;

	private static final int BINARY = 2;

	private static final int CLOSE = 8;

	private static final int PING = 9;

	private final WebSocketClientHandshaker handshaker;

	/** The start of a frame that has not fully arrived. */
	private ByteBuf pending;

	/** A fragmented message so far. */
	private ByteBuf fragments;

	private boolean fragmentsCompressed;

	private boolean closed;

	/**
	 * A WebSocket to {@code uri}.
	 * @param uri where to connect ({@code ws://host:port/path})
	 * @param headers extra handshake headers (e.g. Sec-WebSocket-Extensions)
	 */
	RawWebSocket(URI uri, HttpHeaders headers) {
		this.handshaker = WebSocketClientHandshakerFactory.newHandshaker(uri, WebSocketVersion.V13, null, true, headers,
				MAX_PAYLOAD);
	}

	/** Adds the handlers the handshake needs, then this socket, to a new pipeline. */
	void addTo(ChannelPipeline pipeline) {
		pipeline.addLast(new HttpClientCodec(), new HttpObjectAggregator(8192), this);
	}

	/**
	 * The handshake succeeded.
	 * @param extensions the extensions the server accepted, or null
	 */
	abstract void onOpen(ChannelHandlerContext ctx, String extensions);

	/**
	 * A message: {@code length} bytes of {@code buf} from {@code index}, valid during the
	 * call only.
	 * @param compressed RSV1 was set (permessage-deflate)
	 */
	abstract void onMessage(ChannelHandlerContext ctx, ByteBuf buf, int index, int length, boolean compressed);

	/** The server closed the connection with a close frame. */
	abstract void onClose(int status, String reason);

	@Override
	public void channelActive(ChannelHandlerContext ctx) throws Exception {
		this.handshaker.handshake(ctx.channel()).addListener(future -> {
			if (!future.isSuccess()) {
				ctx.close();
			}
		});
		super.channelActive(ctx);
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (msg instanceof ByteBuf in) {
			read(ctx, in);
		}
		else if (msg instanceof FullHttpResponse response) {
			try {
				upgraded(ctx, response);
			}
			finally {
				response.release();
			}
		}
		else {
			ReferenceCountUtil.release(msg);
		}
	}

	private void upgraded(ChannelHandlerContext ctx, FullHttpResponse response) {
		if (response.status().code() != 101
				|| !"websocket".equalsIgnoreCase(response.headers().get(HttpHeaderNames.UPGRADE))) {
			ctx.close();
			return;
		}
		// the bytes after the response come on as they are (the decoder passes them on
		// when it leaves)
		ChannelPipeline pipeline = ctx.pipeline();
		pipeline.remove(HttpObjectAggregator.class);
		pipeline.remove(HttpClientCodec.class);
		onOpen(ctx, response.headers().get(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS));
	}

	private void read(ChannelHandlerContext ctx, ByteBuf in) {
		ByteBuf buf = in;
		if (this.pending != null) {
			this.pending.writeBytes(in);
			in.release();
			buf = this.pending;
		}
		try {
			frames(ctx, buf);
		}
		catch (RuntimeException ex) {
			this.closed = true;
			ctx.close();
		}
		if (this.closed || !buf.isReadable()) {
			buf.release();
			this.pending = null;
		}
		else if (buf == this.pending) {
			this.pending.discardSomeReadBytes();
		}
		else {
			this.pending = ctx.alloc().heapBuffer(Math.max(8192, buf.readableBytes() * 2));
			this.pending.writeBytes(buf);
			buf.release();
		}
	}

	/** Handles every whole frame in {@code buf}, leaving a partial one unread. */
	private void frames(ChannelHandlerContext ctx, ByteBuf buf) {
		while (!this.closed) {
			int readable = buf.readableBytes();
			if (readable < 2) {
				return;
			}
			int at = buf.readerIndex();
			int first = buf.getUnsignedByte(at);
			int second = buf.getUnsignedByte(at + 1);
			int header = 2;
			long length = second & 0x7f;
			if (length == 126) {
				if (readable < 4) {
					return;
				}
				length = buf.getUnsignedShort(at + 2);
				header = 4;
			}
			else if (length == 127) {
				if (readable < 10) {
					return;
				}
				length = buf.getLong(at + 2);
				header = 10;
			}
			if ((second & 0x80) != 0 || length < 0 || length > MAX_PAYLOAD) {
				throw new IllegalStateException("a masked or oversized frame from the server");
			}
			if (readable < header + length) {
				return;
			}
			buf.readerIndex(at + header + (int) length);
			frame(ctx, first, buf, at + header, (int) length);
		}
	}

	private void frame(ChannelHandlerContext ctx, int first, ByteBuf buf, int index, int length) {
		boolean fin = (first & 0x80) != 0;
		boolean compressed = (first & 0x40) != 0;
		int opcode = first & 0x0f;
		if (opcode == TEXT || opcode == BINARY) {
			if (fin) {
				onMessage(ctx, buf, index, length, compressed);
			}
			else {
				this.fragments = ctx.alloc().heapBuffer(Math.max(8192, length * 2));
				this.fragments.writeBytes(buf, index, length);
				this.fragmentsCompressed = compressed;
			}
		}
		else if (opcode == 0 && this.fragments != null) {
			this.fragments.writeBytes(buf, index, length);
			if (fin) {
				try {
					onMessage(ctx, this.fragments, this.fragments.readerIndex(), this.fragments.readableBytes(),
							this.fragmentsCompressed);
				}
				finally {
					this.fragments.release();
					this.fragments = null;
				}
			}
		}
		else if (opcode == PING) {
			control(ctx, 0x0a, buf, index, Math.min(length, 125));
		}
		else if (opcode == CLOSE) {
			int status = (length >= 2) ? buf.getUnsignedShort(index) : 1005;
			String reason = (length > 2) ? buf.toString(index + 2, length - 2, StandardCharsets.UTF_8) : "";
			this.closed = true;
			control(ctx, CLOSE, buf, index, Math.min(length, 2));
			ctx.close();
			onClose(status, reason);
		}
	}

	/**
	 * Sends a control frame with a copy of the given payload, masked with a zero key (so
	 * the payload goes as it is).
	 */
	private void control(ChannelHandlerContext ctx, int opcode, ByteBuf buf, int index, int length) {
		ByteBuf out = ctx.alloc().buffer(6 + length);
		out.writeByte(0x80 | opcode);
		out.writeByte(0x80 | length);
		out.writeInt(0);
		out.writeBytes(buf, index, length);
		ctx.writeAndFlush(out);
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) throws Exception {
		this.closed = true;
		if (this.pending != null) {
			this.pending.release();
			this.pending = null;
		}
		if (this.fragments != null) {
			this.fragments.release();
			this.fragments = null;
		}
		super.channelInactive(ctx);
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		ctx.close();
	}

}
