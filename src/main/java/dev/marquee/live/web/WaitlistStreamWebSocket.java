package dev.marquee.live.web;

import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import dev.marquee.catalog.EventId;
import dev.marquee.live.LiveProperties;
import dev.marquee.live.WaitlistFeeds;
import dev.marquee.waitlist.WaitlistEntryId;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code /ws/events/{eventId}/waitlist/{entryId}}:
 * {@code {"type":"waiting","position":N}}, then
 * {@code {"type":"offer","holdId","seatIds","expiresAt"}} when seats are held for the
 * waiter, and a normal close. The unguessable entry id is the capability; the hold it
 * names is its owner's alone. An unknown event or entry is closed with code 4404.
 */
@Configuration(proxyBeanMethods = false)
class WaitlistStreamWebSocket extends FiniteStreamSocket {

	private final WaitlistFeeds feeds;

	WaitlistStreamWebSocket(WaitlistFeeds feeds, LiveProperties properties, JsonMapper json, Departure departure) {
		super("/ws/events/{eventId}/waitlist/{entryId}", properties, json, departure);
		this.feeds = feeds;
	}

	@Bean
	HandlerMapping waitlistStreamMapping() {
		return new SimpleUrlHandlerMapping(Map.of("/ws/events/*/waitlist/*", this), -1);
	}

	@Override
	Mono<? extends Flux<?>> messages(Map<String, String> variables) {
		return Mono.fromCallable(() -> EventId.parse(variables.getOrDefault("eventId", "")))
			.flatMap(eventId -> feeds.watch(eventId, WaitlistEntryId.parse(variables.getOrDefault("entryId", ""))));
	}

}
