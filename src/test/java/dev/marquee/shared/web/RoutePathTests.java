package dev.marquee.shared.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RoutePathTests {

	private final RoutePath ticket = RoutePath.of("/api/v1/events/{eventId}/queue/{queueTicket}");

	@Test
	void takesTheExactPathAndReadsItsVariables() {
		String uri = "/api/v1/events/0b9e6a3c-1f0e-4f7b-9b1a-3c5d7e9f1a2b/queue/Ab-9";
		assertThat(ticket.matches(uri)).isTrue();
		assertThat(ticket.values(uri)).containsExactly("0b9e6a3c-1f0e-4f7b-9b1a-3c5d7e9f1a2b", "Ab-9");
		assertThat(ticket.names()).containsExactly("eventId", "queueTicket");
	}

	@Test
	void takesNothingAroundThePath() {
		assertThat(ticket.matches("/api/v1/events/e1/queue/t1?x=1")).isFalse();
		assertThat(ticket.matches("/api/v1/events/e1/queue/t1/")).isFalse();
		assertThat(ticket.matches("/api/v1/events/e1/queue/t1/more")).isFalse();
		assertThat(ticket.matches("/api/v1/events/e1/queue")).isFalse();
		assertThat(ticket.matches("api/v1/events/e1/queue/t1")).isFalse();
		assertThat(ticket.matches("")).isFalse();
		assertThat(ticket.matches("/api/v1/events/e1/queues/t1")).isFalse();
		assertThat(ticket.matches("/api/v2/events/e1/queue/t1")).isFalse();
		assertThat(ticket.values("/api/v1/events/e1/queue")).isNull();
	}

	@Test
	void aVariableIsOneToSixtyFourLettersDigitsOrDashes() {
		assertThat(ticket.matches("/api/v1/events//queue/t1")).isFalse();
		assertThat(ticket.matches("/api/v1/events/" + "a".repeat(64) + "/queue/t1")).isTrue();
		assertThat(ticket.matches("/api/v1/events/" + "a".repeat(65) + "/queue/t1")).isFalse();
		assertThat(ticket.matches("/api/v1/events/e%2F1/queue/t1")).isFalse();
		assertThat(ticket.matches("/api/v1/events/e_1/queue/t1")).isFalse();
		assertThat(ticket.matches("/api/v1/events/e.1/queue/t1")).isFalse();
	}

	@Test
	void aPathWithoutVariablesIsMatchedLiterally() {
		RoutePath health = RoutePath.of("/actuator/health");
		assertThat(health.matches("/actuator/health")).isTrue();
		assertThat(health.values("/actuator/health")).isEmpty();
		assertThat(health.matches("/actuator/healthz")).isFalse();
		assertThat(health.matches("/actuator")).isFalse();
	}

	@Test
	void aVariableMustBeAWholeSegment() {
		assertThatIllegalArgumentException().isThrownBy(() -> RoutePath.of("/api/v1/events/id-{eventId}"));
		assertThatIllegalArgumentException().isThrownBy(() -> RoutePath.of("api/v1/events"));
	}

}
