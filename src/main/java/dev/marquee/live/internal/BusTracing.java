package dev.marquee.live.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * Carries a change's trace between nodes: the sender adds the current trace context to
 * the record's headers (W3C {@code traceparent}, through Micrometer Tracing's
 * propagator), and the receiver handles the record inside a span that continues it, so
 * the request that made a change on one node and the change's arrival on every other
 * share one trace id (in the logs as well). reactor-kafka instruments neither side.
 * Without a tracer (tracing off) it adds nothing and opens nothing.
 */
final class BusTracing {

	static final BusTracing NONE = new BusTracing(Tracer.NOOP, null);

	private final Tracer tracer;

	private final Propagator propagator;

	BusTracing(Tracer tracer, Propagator propagator) {
		this.tracer = tracer;
		this.propagator = propagator;
	}

	/**
	 * The current trace's headers after {@code headers}; those alone if there is none.
	 */
	List<Header> with(List<Header> headers) {
		TraceContext context = (propagator == null) ? null : tracer.currentTraceContext().context();
		if (context == null) {
			return headers;
		}
		Map<String, String> fields = new LinkedHashMap<>();
		propagator.inject(context, fields, Map::put);
		List<Header> all = new ArrayList<>(headers);
		fields.forEach((key, value) -> all.add(new RecordHeader(key, value.getBytes(StandardCharsets.UTF_8))));
		return all;
	}

	/**
	 * Runs {@code receipt} inside a span continuing the trace the record's headers carry,
	 * if they carry one.
	 */
	void received(Headers headers, Runnable receipt) {
		if (propagator == null || propagator.fields().stream().noneMatch(field -> headers.lastHeader(field) != null)) {
			receipt.run();
			return;
		}
		Span span = propagator.extract(headers, (carrier, key) -> {
			Header header = carrier.lastHeader(key);
			return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
		}).name("seat-change receive").kind(Span.Kind.CONSUMER).start();
		try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
			receipt.run();
		}
		finally {
			span.end();
		}
	}

}
