package dev.marquee.queue.web;

import dev.marquee.shared.web.HotAnswer;
import dev.marquee.shared.web.HotRoute;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;

/**
 * The waiting room's doors, served ahead of Spring WebFlux ({@link HotRoute}) with the
 * controller's own code and answers: a flash crowd is thousands of joins, then a poll a
 * second from everyone waiting.
 */
@Configuration(proxyBeanMethods = false)
class QueueHotRoutes {

	@Bean
	HotRoute joinQueue(QueueController queue) {
		return new HotRoute(HttpMethod.POST, "/api/v1/events/{eventId}/queue", HotRoute.Caller.SIGNED_IN, false,
				request -> {
					String eventId = request.variable("eventId");
					return queue.join(eventId, request.user().getSubject(), request.remoteAddress(), request::header)
						.map(joined -> {
							QueueController.QueueView view = QueueController.QueueView.of(joined.standing());
							return HotAnswer.of(QueueController.status(joined), view)
								.header("Location", QueueController.location(eventId, view));
						});
				});
	}

	@Bean
	HotRoute queueStanding(QueueController queue) {
		return new HotRoute(HttpMethod.GET, "/api/v1/events/{eventId}/queue/{queueTicket}", HotRoute.Caller.SIGNED_IN,
				false,
				request -> queue
					.standing(request.variable("eventId"), request.variable("queueTicket"), request.user().getSubject())
					.map(view -> HotAnswer.of(HttpStatus.OK, view)));
	}

}
