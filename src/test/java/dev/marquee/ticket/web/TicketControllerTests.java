package dev.marquee.ticket.web;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.marquee.catalog.EventId;
import dev.marquee.support.Tokens;
import dev.marquee.support.WebSliceTest;
import dev.marquee.ticket.TicketManagement;
import dev.marquee.ticket.TicketProblems.AlreadyUsed;
import dev.marquee.ticket.TicketProblems.InvalidCode;
import dev.marquee.ticket.TicketProblems.NotTransferable;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * The ticket endpoints on their own: ids are converted at the edge, scanning is for
 * scanners, and each ticket problem keeps its status, slug and fields.
 */
@WebSliceTest(TicketController.class)
class TicketControllerTests {

	@Autowired
	WebTestClient http;

	@MockitoBean
	TicketManagement tickets;

	private final String buyer = Tokens.buyer();

	private final String scanner = Tokens.token("scanner-" + UUID.randomUUID(), "SCANNER");

	private WebTestClient.ResponseSpec scan(String token, String body) {
		return http.post()
			.uri("/api/v1/tickets/scan")
			.headers(h -> h.setBearerAuth(token))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange();
	}

	@Test
	void aTicketIdThatIsNoIdIsAnUnknownTicket() {
		http.get()
			.uri("/api/v1/tickets/nope/qr.svg")
			.headers(h -> h.setBearerAuth(buyer))
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://marquee.dev/problems/ticket-not-found");
		http.post()
			.uri("/api/v1/tickets/nope/transfer")
			.headers(h -> h.setBearerAuth(buyer))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"toUserId\":\"friend\"}")
			.exchange()
			.expectStatus()
			.isNotFound();
		verifyNoInteractions(tickets);
	}

	@Test
	void onlyScannersScan() {
		scan(buyer, "{\"code\":\"MQT1.x.y\"}").expectStatus().isForbidden();
		verifyNoInteractions(tickets);
	}

	@Test
	void aScanNamesItsEventByIdAndTextThatIsNoIdNamesNoEvent() {
		UUID event = UUID.randomUUID();
		given(tickets.scan(eq("good"), eq(EventId.of(event)), isNull(), isNull()))
			.willReturn(Mono.error(new AlreadyUsed(UUID.randomUUID(), "A-1", Instant.parse("2030-01-01T10:00:00Z"))));
		given(tickets.scan(eq("good"), isNull(), isNull(), isNull()))
			.willReturn(Mono.error(new InvalidCode("forged", "Not ours.")));
		given(tickets.scan(eq("good"), eq(EventId.of(new UUID(0, 0))), isNull(), isNull()))
			.willReturn(Mono.error(new InvalidCode("other-event", "This ticket is for another event.")));
		scan(scanner, "{\"code\":\"good\",\"eventId\":\"" + event + "\"}").expectStatus()
			.isEqualTo(HttpStatus.CONFLICT)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://marquee.dev/problems/already-used")
			.jsonPath("$.seatId")
			.isEqualTo("A-1");
		scan(scanner, "{\"code\":\"good\",\"eventId\":\" \"}").expectStatus()
			.isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
			.expectBody()
			.jsonPath("$.reason")
			.isEqualTo("forged");
		scan(scanner, "{\"code\":\"good\",\"eventId\":\"hall-b\"}").expectStatus()
			.isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
			.expectBody()
			.jsonPath("$.reason")
			.isEqualTo("other-event");
	}

	@Test
	void aTicketThatCannotChangeHandsSaysItsState() {
		UUID ticket = UUID.randomUUID();
		given(tickets.transfer(any(), anyString(), eq("friend")))
			.willReturn(Mono.error(new NotTransferable(ticket, "USED")));
		http.post()
			.uri("/api/v1/tickets/{id}/transfer", ticket)
			.headers(h -> h.setBearerAuth(buyer))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"toUserId\":\"friend\"}")
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.CONFLICT)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://marquee.dev/problems/ticket-not-transferable")
			.jsonPath("$.ticketStatus")
			.isEqualTo("USED");
	}

}
