package dev.marquee.shared;

import io.micrometer.observation.Observation;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * Runs a step of a reactive chain inside the observation the chain carries (the
 * request's: Spring WebFlux and the hot routes put it in the Reactor context), as the
 * current one: a domain event it publishes, and what the listeners do with it at once
 * (the bus sending a seat change to the other nodes), belong to the request's trace.
 * Without the global automatic context propagation, which would cost every operator of
 * every request.
 * <p>
 * The hot routes put their observation in the context under {@link #KEY}, not under
 * {@link ObservationThreadLocalAccessor#KEY}: Reactor's {@code handle} operators (Reactor
 * Netty's body aggregation, R2DBC's row windows) restore thread locals whenever the
 * context is not empty, setting those whose accessor's key it holds, and the
 * observation's accessor sets the tracing scope: under its key that ran on every request
 * for nothing (6 % of a hold's CPU, docs/BENCHMARKS.md). Under our own key the walk still
 * runs but sets nothing, and {@link #without} takes it off the context where even the
 * walk matters. Spring WebFlux's requests still carry theirs under the accessor's key;
 * this class reads both.
 */
public final class InObservation {

	/** The context key a hot route's observation is put under. */
	public static final String KEY = "marquee.observation";

	private InObservation() {
	}

	/**
	 * The context without a hot route's observation, for a step that publishes nothing (a
	 * database statement: {@code .contextWrite(InObservation::without)}). Reactor's
	 * {@code handle} operators restore thread locals whenever the context is not empty,
	 * whatever it holds, and R2DBC's driver runs several per statement: with the
	 * observation as the only entry they restored for nothing (9 % of a purchase's CPU,
	 * docs/BENCHMARKS.md). Everything else in the context (a transaction's) stays.
	 */
	public static Context without(Context context) {
		return context.delete(KEY);
	}

	/** Runs {@code step} inside the context's observation, or as it is without one. */
	public static void run(ContextView context, Runnable step) {
		Observation observation = context.getOrDefault(KEY, null);
		if (observation == null) {
			observation = context.getOrDefault(ObservationThreadLocalAccessor.KEY, null);
		}
		if (observation == null) {
			step.run();
			return;
		}
		try (Observation.Scope scope = observation.openScope()) {
			step.run();
		}
	}

}
