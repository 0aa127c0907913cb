package dev.marquee.config;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.LastHttpContent;
import reactor.netty.NettyPipeline;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Works around a Reactor Netty bug (reactor-netty#4361; still in 1.3.6 and 1.3.7): when a
 * keep-alive request arrives before the previous one's handling has finished, it is
 * buffered and answered later; if it is answered at once, the server can stop reading the
 * connection, and the next request on it hangs until the client gives up. Browsers reuse
 * connections this way. After every complete response this handler asks the channel for
 * the next read, which is harmless when a read is already pending. {@code KeepAliveTests}
 * reproduces the hang without it.
 */
@Configuration(proxyBeanMethods = false)
class KeepAliveReadRearm {

	@Bean
	NettyServerCustomizer rearmReadAfterEachResponse() {
		return server -> server.doOnChannelInit((observer, channel, address) -> {
			if (channel.pipeline().get(NettyPipeline.HttpCodec) != null) {
				channel.pipeline().addAfter(NettyPipeline.HttpCodec, "marquee.rearmRead", new RearmRead());
			}
		});
	}

	static final class RearmRead extends ChannelDuplexHandler {

		@Override
		public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
			if (msg instanceof LastHttpContent) {
				promise = promise.unvoid();
				promise.addListener((ChannelFutureListener) future -> {
					if (future.isSuccess() && future.channel().isActive()) {
						future.channel().read();
					}
				});
			}
			super.write(ctx, msg, promise);
		}

	}

}
