package dev.marquee.live.internal;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import tools.jackson.databind.json.JsonMapper;

import dev.marquee.live.LiveProperties;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Several nodes share seat changes through Kafka when
 * {@code marquee.live.kafka.bootstrap-servers} is set; a single node uses the in-process
 * bus.
 */
@Configuration(proxyBeanMethods = false)
class SeatChangeBusConfiguration {

	@Bean
	@ConditionalOnProperty(prefix = "marquee.live.kafka", name = "bootstrap-servers")
	SeatChangeBus kafkaSeatChangeBus(LiveProperties properties, JsonMapper json, ObjectProvider<Tracer> tracer,
			ObjectProvider<Propagator> propagator) {
		Propagator traces = propagator.getIfAvailable();
		BusTracing tracing = (traces == null) ? BusTracing.NONE
				: new BusTracing(tracer.getIfAvailable(() -> Tracer.NOOP), traces);
		return new KafkaSeatChangeBus(properties.kafka(), json, tracing);
	}

	@Bean
	@ConditionalOnMissingBean(SeatChangeBus.class)
	SeatChangeBus inProcessSeatChangeBus() {
		return new InProcessSeatChangeBus();
	}

}
