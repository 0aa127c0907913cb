package dev.marquee.shared.web;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationFilter;
import io.micrometer.observation.ObservationPredicate;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.propagation.Propagator;
import reactor.netty.http.server.HttpServerRequest;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;

/**
 * How a hot route's request is measured: as Spring WebFlux's are, by one
 * {@code http.server.requests} timer (and {@code .active} long-task timer) with the
 * controller's tags, and, when it comes with trace context (any header the application's
 * propagator reads, W3C {@code traceparent} by default), by a full observation that
 * continues that trace ({@link HotRouteObservation}).
 * <p>
 * A request without trace context starts no trace here. Through an observation every
 * request would: a span made, its context extracted, put in scope and into the logging
 * context, and then, at the default sampling of one trace in ten, nine in ten dropped
 * unread. At a flash crowd's rate that was about an eighth of a hold's CPU, and the
 * hold's p99 was higher in every pair measured (docs/BENCHMARKS.md, "spans only for
 * traced requests"). Its timers are made as the observation's meter handler makes them,
 * from the same key values after the application's observation filters, each resolved
 * once per route and status; they are left out, as the observation would be, when an
 * observation predicate turns {@code http.server.requests} off.
 */
final class HotRouteMeasures {

	static final String NAME = "http.server.requests";

	/** The status a request is measured with when the client went away first. */
	static final int ABORTED = -1;

	private static final Measure UNMEASURED = new Measure() {
	};

	private final ObjectProvider<ObservationRegistry> observationRegistry;

	private final ObjectProvider<MeterRegistry> meterRegistry;

	private final ObjectProvider<Propagator> propagator;

	private final ObjectProvider<ObservationFilter> filters;

	private final ObjectProvider<ObservationPredicate> predicates;

	// resolved when the server starts, as HotRoutes' own
	private ObservationRegistry observations = ObservationRegistry.NOOP;

	private MeterRegistry meters;

	private List<String> traceFields = List.of();

	private final List<Route> routes = new CopyOnWriteArrayList<>();

	HotRouteMeasures(ObjectProvider<ObservationRegistry> observations, ObjectProvider<MeterRegistry> meters,
			ObjectProvider<Propagator> propagator, ObjectProvider<ObservationFilter> filters,
			ObjectProvider<ObservationPredicate> predicates) {
		this.observationRegistry = observations;
		this.meterRegistry = meters;
		this.propagator = propagator;
		this.filters = filters;
		this.predicates = predicates;
	}

	void resolve() {
		this.observations = this.observationRegistry.getIfAvailable(() -> ObservationRegistry.NOOP);
		Propagator traces = this.propagator.getIfAvailable();
		this.traceFields = (traces == null) ? List.of() : List.copyOf(traces.fields());
		Observation.Context probe = new Observation.Context();
		probe.setName(NAME);
		boolean enabled = !this.observations.isNoop()
				&& this.predicates.orderedStream().allMatch(predicate -> predicate.test(NAME, probe));
		this.meters = enabled ? this.meterRegistry.getIfAvailable() : null;
		if (this.meters != null) {
			// a meter removed (the warm-up's, when it is over) is made again at its next
			// use
			this.meters.config().onMeterRemoved(meter -> this.routes.forEach(route -> route.forget(meter)));
		}
	}

	/** The measures of one route. */
	Route route(String method, String template) {
		Route route = new Route(method, template);
		this.routes.add(route);
		return route;
	}

	/**
	 * What a request's handling is measured by: ended once, by its answer or its abort.
	 */
	interface Measure {

		/** The route's handling, in the Reactor context it runs in. */
		default <T> Mono<T> around(Mono<T> handling) {
			return handling;
		}

		/**
		 * The answer, of this status, goes out; or {@link #ABORTED}: the client went away
		 * before it. Only the first call counts.
		 */
		default void end(int status) {
		}

	}

	/** One route's timers, each resolved once. */
	final class Route {

		private final String method;

		private final String template;

		private final Map<Integer, Timer> timers = new ConcurrentHashMap<>();

		private volatile LongTaskTimer active;

		private Route(String method, String template) {
			this.method = method;
			this.template = template;
		}

		/** Starts measuring a request of this route. */
		Measure start(HttpServerRequest request) {
			for (String field : HotRouteMeasures.this.traceFields) {
				if (request.requestHeaders().contains(field)) {
					return HotRouteObservation.start(request, this.method, this.template,
							HotRouteMeasures.this.observations);
				}
			}
			MeterRegistry registry = HotRouteMeasures.this.meters;
			if (registry == null) {
				return UNMEASURED;
			}
			return new Timing(registry, active(registry).start());
		}

		private void forget(Meter meter) {
			this.timers.values().remove(meter);
			if (this.active == meter) {
				this.active = null;
			}
		}

		private LongTaskTimer active(MeterRegistry registry) {
			LongTaskTimer timer = this.active;
			if (timer == null) {
				// the meter handler's: tagged at the start, with no filter applied yet
				timer = LongTaskTimer.builder(NAME + ".active")
					.tags(tags(HotRouteObservation.startValues(this.method), false))
					.register(registry);
				this.active = timer;
			}
			return timer;
		}

		private Timer timer(MeterRegistry registry, int status) {
			return this.timers.computeIfAbsent(status,
					key -> Timer.builder(NAME)
						.tags(tags(HotRouteObservation.stopValues(this.method, key, this.template), true))
						.tag("error", "none")
						.register(registry));
		}

		private Tags tags(KeyValues values, boolean filtered) {
			Observation.Context context = new Observation.Context();
			context.setName(NAME);
			context.addLowCardinalityKeyValues(values);
			if (filtered) {
				for (ObservationFilter filter : HotRouteMeasures.this.filters.orderedStream().toList()) {
					context = filter.map(context);
				}
			}
			Tags tags = Tags.empty();
			for (KeyValue value : context.getLowCardinalityKeyValues()) {
				tags = tags.and(value.getKey(), value.getValue());
			}
			return tags;
		}

		/** A request timed: no span, no scope, nothing in the Reactor context. */
		private final class Timing implements Measure {

			private final MeterRegistry registry;

			private final Timer.Sample sample;

			private final LongTaskTimer.Sample activity;

			private volatile boolean stopped;

			Timing(MeterRegistry registry, LongTaskTimer.Sample activity) {
				this.registry = registry;
				this.sample = Timer.start(registry);
				this.activity = activity;
			}

			@Override
			public void end(int status) {
				if (!this.stopped) {
					this.stopped = true;
					this.sample.stop(timer(this.registry, status));
					this.activity.stop();
				}
			}

		}

	}

}
