package dev.marquee.bench;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * Event loops for the benchmarks' raw Netty clients: epoll where there is one (no
 * selected-key set to fill, reads straight into the buffers), else NIO; and no leak
 * detection, which samples buffers and records stack traces, not what a benchmark
 * measures.
 */
final class NettyLoops {

	private static final boolean EPOLL = Epoll.isAvailable();

	static {
		ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
	}

	private NettyLoops() {
	}

	/** A group of one event loop thread named {@code name}. */
	static EventLoopGroup single(String name) {
		return new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory(name),
				EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
	}

	/** The socket channel class that goes with the loops. */
	static Class<? extends SocketChannel> socketChannel() {
		return EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
	}

}
