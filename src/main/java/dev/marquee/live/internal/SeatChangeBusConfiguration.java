package dev.marquee.live.internal;

import tools.jackson.databind.json.JsonMapper;

import dev.marquee.live.LiveProperties;

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
	SeatChangeBus kafkaSeatChangeBus(LiveProperties properties, JsonMapper json) {
		return new KafkaSeatChangeBus(properties.kafka(), json);
	}

	@Bean
	@ConditionalOnMissingBean(SeatChangeBus.class)
	SeatChangeBus inProcessSeatChangeBus() {
		return new InProcessSeatChangeBus();
	}

}
