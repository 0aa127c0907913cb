package dev.marquee.shared;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hot routes' observation reaches the steps that publish, and is kept from those that
 * do not, while what else the context carries (a transaction's) stays.
 */
class InObservationTests {

	private final ObservationRegistry registry = observingRegistry();

	@Test
	void aStepRunsInsideTheObservationTheChainCarries() {
		Observation request = Observation.start("request", this.registry);
		List<Observation> seen = new ArrayList<>();
		Mono.deferContextual(context -> {
			InObservation.run(context, () -> seen.add(this.registry.getCurrentObservation()));
			return Mono.just(1);
		}).contextWrite(Context.of(InObservation.KEY, request)).block();
		assertThat(seen).containsExactly(request);
		assertThat(this.registry.getCurrentObservation()).as("the scope closed after the step").isNull();
	}

	@Test
	void withoutDropsTheObservationAndKeepsTheRest() {
		Observation request = Observation.start("request", this.registry);
		Context context = Context.of(InObservation.KEY, request, "transaction", "tx-1");
		assertThat(InObservation.without(context).hasKey(InObservation.KEY)).isFalse();
		assertThat(InObservation.without(context).<String>get("transaction")).isEqualTo("tx-1");
		assertThat(InObservation.without(Context.of(InObservation.KEY, request)).isEmpty())
			.as("empty, so that Reactor's handle operators restore nothing")
			.isTrue();
	}

	@Test
	void aStatementWithoutTheObservationSeesAnEmptyContext() {
		Observation request = Observation.start("request", this.registry);
		Context seen = Mono.deferContextual(context -> Mono.just(Context.of(context)))
			.contextWrite(InObservation::without)
			.contextWrite(Context.of(InObservation.KEY, request))
			.block();
		assertThat(seen.isEmpty()).isTrue();
	}

	private static ObservationRegistry observingRegistry() {
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler(context -> true);
		return registry;
	}

}
