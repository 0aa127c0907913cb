package dev.marquee.live.web;

import java.util.Map;

import dev.marquee.live.Frame;

import org.springframework.boot.rsocket.messaging.RSocketStrategiesCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.ResolvableType;
import org.springframework.core.codec.AbstractEncoder;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.util.MimeType;
import org.springframework.util.MimeTypeUtils;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;

/**
 * Writes a seat-stream frame to RSocket as the JSON it already is, so each change is
 * serialized once for every subscriber. Registered ahead of the JSON encoder, which would
 * otherwise serialize the frame object again.
 */
@Configuration(proxyBeanMethods = false)
class FrameEncoder extends AbstractEncoder<Frame> {

	FrameEncoder() {
		super(MimeTypeUtils.APPLICATION_JSON);
	}

	@Bean
	static RSocketStrategiesCustomizer frameEncoderFirst() {
		return strategies -> strategies.encoders(encoders -> encoders.add(0, new FrameEncoder()));
	}

	@Override
	public boolean canEncode(ResolvableType elementType, MimeType mimeType) {
		return Frame.class.isAssignableFrom(elementType.toClass()) && super.canEncode(elementType, mimeType);
	}

	@Override
	public Flux<DataBuffer> encode(Publisher<? extends Frame> frames, DataBufferFactory buffers,
			ResolvableType elementType, MimeType mimeType, Map<String, Object> hints) {
		return Flux.from(frames).map(frame -> encodeValue(frame, buffers, elementType, mimeType, hints));
	}

	@Override
	public DataBuffer encodeValue(Frame frame, DataBufferFactory buffers, ResolvableType valueType, MimeType mimeType,
			Map<String, Object> hints) {
		return buffers.wrap(frame.bytes());
	}

}
