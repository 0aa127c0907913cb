package dev.marquee.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.marquee.support.IntegrationTest;

import org.springframework.http.HttpMethod;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may do what, endpoint by endpoint: anonymous, the owner, another buyer, a scanner
 * and an admin. Nobody reads, releases, buys, cancels or transfers what is not theirs,
 * and such attempts change nothing.
 */
class AuthorizationMatrixTests extends IntegrationTest {

	private static final String ANONYMOUS = null;

	private record Call(HttpMethod method, String path, Object body) {
	}

	/**
	 * Expected status per actor, in the order anonymous, owner, other buyer, scanner,
	 * admin.
	 */
	private record Row(Call call, int... statuses) {
	}

	private int status(Call call, String token) {
		var spec = http().method(call.method()).uri(call.path()).headers(h -> {
			if (token != null) {
				h.setBearerAuth(token);
			}
		});
		var exchange = call.body() == null ? spec.exchange() : spec.bodyValue(call.body()).exchange();
		return exchange.returnResult(byte[].class).getStatus().value();
	}

	@Test
	@SuppressWarnings("unchecked")
	void everyEndpointLetsInExactlyWhoItShould() {
		UUID event = event(4);
		String owner = buyer();
		String other = buyer();
		String scanner = token("door", "SCANNER");
		String admin = admin();
		String holdId = held(event, owner, "S-A-1");
		Map<String, Object> order = purchase(held(event, owner, "S-A-2"), owner, "m-1", "tok_visa").expectStatus()
			.isCreated()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		String orderId = (String) order.get("orderId");
		String ticketId = (String) ((List<Map<String, Object>>) order.get("tickets")).get(0).get("ticketId");
		UUID queued = event(4, Map.of("queue", Map.of("enabled", true, "admitPerMinute", 60)));
		String queueTicket = (String) http().post()
			.uri("/api/v1/events/{id}/queue", queued)
			.headers(h -> h.setBearerAuth(owner))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody()
			.get("queueTicket");
		Map<String, Object> venue = Map.of("name", "V", "city", "C", "sections", List
			.of(Map.of("code", "S", "name", "S", "priceTier", "t", "rows", List.of(Map.of("label", "A", "seats", 1)))));
		String e = "/api/v1/events/" + event;

		List<Row> rows = List.of(new Row(new Call(HttpMethod.POST, "/api/v1/venues", venue), 401, 403, 403, 403, 201),
				new Row(new Call(HttpMethod.POST, "/api/v1/events", Map.of()), 401, 403, 403, 403, 400),
				new Row(new Call(HttpMethod.GET, "/api/v1/events", null), 200, 200, 200, 200, 200),
				new Row(new Call(HttpMethod.GET, e, null), 200, 200, 200, 200, 200),
				new Row(new Call(HttpMethod.GET, e + "/seatmap", null), 200, 200, 200, 200, 200),
				new Row(new Call(HttpMethod.GET, e + "/availability", null), 200, 200, 200, 200, 200),
				new Row(new Call(HttpMethod.GET, e + "/map.txt", null), 200, 200, 200, 200, 200),
				new Row(new Call(HttpMethod.POST, e + "/holds", Map.of("seatIds", List.of("S-B-9"))), 401, 400, 400,
						400, 400),
				new Row(new Call(HttpMethod.GET, "/api/v1/holds/" + holdId, null), 401, 200, 404, 404, 404),
				new Row(new Call(HttpMethod.DELETE, "/api/v1/holds/" + holdId, null), 401, -1, 404, 404, 404),
				new Row(new Call(HttpMethod.POST, "/api/v1/holds/" + holdId + "/purchase",
						Map.of("paymentToken", "tok_visa")), 401, -1, 400, 400, 400),
				new Row(new Call(HttpMethod.GET, "/api/v1/orders/" + orderId, null), 401, 200, 404, 404, 404),
				new Row(new Call(HttpMethod.POST, "/api/v1/orders/" + orderId + "/cancel", null), 401, -1, 404, 404,
						404),
				new Row(new Call(HttpMethod.GET, "/api/v1/me/orders", null), 401, 200, 200, 200, 200),
				new Row(new Call(HttpMethod.GET, "/api/v1/me/tickets", null), 401, 200, 200, 200, 200),
				new Row(new Call(HttpMethod.GET, "/api/v1/tickets/" + ticketId + "/qr.svg", null), 401, 200, 404, 404,
						404),
				new Row(new Call(HttpMethod.POST, "/api/v1/tickets/" + ticketId + "/transfer",
						Map.of("toUserId", "thief")), 401, -1, 404, 404, 404),
				new Row(new Call(HttpMethod.POST, "/api/v1/tickets/scan", Map.of("code", "MQT1.x.y")), 401, 403, 403,
						422, 403),
				new Row(new Call(HttpMethod.GET, e + "/door-list", null), 401, 403, 403, 200, 200),
				new Row(new Call(HttpMethod.GET, e + "/door-counts", null), 401, 403, 403, 200, 200),
				new Row(new Call(HttpMethod.POST, e + "/scans", Map.of("scans", List.of())), 401, 403, 403, 400, 403),
				new Row(new Call(HttpMethod.GET, "/api/v1/door/public-key", null), 200, 200, 200, 200, 200),
				new Row(new Call(HttpMethod.GET, "/api/v1/events/" + queued + "/queue/" + queueTicket, null), 401, 200,
						404, 404, 404),
				new Row(new Call(HttpMethod.GET, "/actuator/health/liveness", null), 200, 200, 200, 200, 200),
				new Row(new Call(HttpMethod.GET, "/actuator/prometheus", null), 401, 403, 403, 403, 200),
				new Row(new Call(HttpMethod.GET, "/actuator/metrics", null), 401, 403, 403, 403, 200),
				new Row(new Call(HttpMethod.POST, "/api/v1/dev/token", Map.of("userId", "x")), 404, 404, 404, 404,
						404));

		String[] actors = { ANONYMOUS, owner, other, scanner, admin };
		String[] names = { "anonymous", "owner", "other buyer", "scanner", "admin" };
		List<String> wrong = new ArrayList<>();
		for (Row row : rows) {
			for (int a = 0; a < actors.length; a++) {
				int expected = row.statuses()[a];
				if (expected < 0) {
					continue; // the owner's own destructive call is not part of the
								// matrix
				}
				int actual = status(row.call(), actors[a]);
				if (actual != expected) {
					wrong.add(row.call().method() + " " + row.call().path() + " as " + names[a] + ": " + actual
							+ ", expected " + expected);
				}
			}
		}
		assertThat(wrong).isEmpty();

		// none of the refused attempts changed anything of the owner's
		assertThat(holdView(holdId, owner)).containsEntry("status", "ACTIVE");
		Map<String, Object> stillMine = (Map<String, Object>) http().get()
			.uri("/api/v1/me/tickets")
			.headers(h -> h.setBearerAuth(owner))
			.exchange()
			.expectBodyList(Map.class)
			.returnResult()
			.getResponseBody()
			.get(0);
		assertThat(stillMine).containsEntry("ticketId", ticketId).containsEntry("status", "VALID");
		assertThat(statuses(event)).isEqualTo("HX......");
		assertThat(count("select count(*) from orders where event_id = :event and status = 'CONFIRMED'", event))
			.isEqualTo(1);
	}

}
