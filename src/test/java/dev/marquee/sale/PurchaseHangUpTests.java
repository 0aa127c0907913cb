package dev.marquee.sale;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.marquee.support.IntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A buyer whose connection drops while the card is being charged still gets the order:
 * the purchase runs to its end, the seat is sold, and a retry with the same
 * Idempotency-Key returns the order. The hang-up is logged once, as that, and nothing
 * about it is logged as an error.
 */
@ExtendWith(OutputCaptureExtension.class)
class PurchaseHangUpTests extends IntegrationTest {

	@Autowired
	SimulatedPaymentGateway gateway;

	@Test
	void aBuyerWhoHangsUpWhileTheCardIsChargedStillGetsTheOrder(CapturedOutput output) throws Exception {
		UUID event = event(4);
		String buyer = buyer();
		String holdId = held(event, buyer, "S-A-2");
		String key = "hang-up-" + UUID.randomUUID();
		byte[] body = "{\"paymentToken\":\"tok_slow\"}".getBytes(StandardCharsets.UTF_8);
		try (Socket socket = new Socket("127.0.0.1", port)) {
			OutputStream out = socket.getOutputStream();
			out.write(("POST /api/v1/holds/" + holdId + "/purchase HTTP/1.1\r\nHost: 127.0.0.1\r\n"
					+ "Authorization: Bearer " + buyer + "\r\nIdempotency-Key: " + key
					+ "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
				.getBytes(StandardCharsets.UTF_8));
			out.write(body);
			out.flush();
			// the slow card is being charged (1.5 s here): hang up, hard
			await().atMost(Duration.ofSeconds(10))
				.until(() -> gateway.ledger()
					.stream()
					.anyMatch(charge -> charge.idempotencyKey().startsWith(key + ":")));
			socket.setSoLinger(true, 0);
		}

		await().atMost(Duration.ofSeconds(20)).until(() -> orders(event) == 1);
		assertThat(tickets(event)).isEqualTo(1);
		assertThat(glyph(event, "S-A-2", 4)).isEqualTo('X');
		var order = purchase(holdId, buyer, key, "tok_slow").expectStatus()
			.isCreated()
			.expectHeader()
			.valueEquals("Idempotent-Replayed", "true")
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		assertThat(order).containsEntry("status", "CONFIRMED");
		assertThat(gateway.captured().stream().filter(charge -> charge.idempotencyKey().startsWith(key + ":")))
			.as("charges of this purchase")
			.hasSize(1);

		assertThat(output.getAll().lines().filter(line -> line.contains(holdId))).as("log lines about this hold")
			.singleElement()
			.satisfies(line -> assertThat(line).contains(" INFO ").contains("left before the purchase's answer"));
	}

}
