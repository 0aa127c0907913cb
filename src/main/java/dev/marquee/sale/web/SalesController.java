package dev.marquee.sale.web;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import dev.marquee.catalog.CatalogManagement;
import dev.marquee.catalog.EventId;
import dev.marquee.sale.SalesReports;
import dev.marquee.shared.Money;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * An event's sales for its organizers (ADMIN): totals and tickets sold minute by minute,
 * for the backoffice's sales page (which adds the live seat stream on top), and every
 * order as CSV.
 */
@RestController
@RequestMapping("/api/v1/events/{eventId}")
class SalesController {

	private final CatalogManagement catalog;

	private final SalesReports reports;

	SalesController(CatalogManagement catalog, SalesReports reports) {
		this.catalog = catalog;
		this.reports = reports;
	}

	/**
	 * An event's sales: confirmed orders, tickets and revenue, in total and per minute.
	 */
	record SalesView(UUID eventId, long orders, long tickets, Money revenue, long cancelledOrders,
			List<MinuteView> perMinute) {

		record MinuteView(String minute, long orders, long tickets, Money revenue) {
		}

	}

	@GetMapping("/sales")
	Mono<SalesView> sales(@PathVariable String eventId) {
		return Mono.defer(() -> catalog.setup(EventId.parse(eventId)))
			.flatMap(setup -> reports.sales(setup.event().id()).map(sales -> {
				String currency = setup.event().currency();
				List<SalesView.MinuteView> minutes = sales.minutes()
					.stream()
					.map(m -> new SalesView.MinuteView(m.minute().toString(), m.orders(), m.tickets(),
							new Money(m.revenueMinor(), currency)))
					.toList();
				return new SalesView(setup.event().id().value(),
						sales.minutes().stream().mapToLong(SalesReports.Minute::orders).sum(),
						sales.minutes().stream().mapToLong(SalesReports.Minute::tickets).sum(),
						new Money(sales.minutes().stream().mapToLong(SalesReports.Minute::revenueMinor).sum(),
								currency),
						sales.cancelledOrders(), minutes);
			}));
	}

	/**
	 * The event's orders that {@code q} names (an order or ticket id, a seat, the start
	 * of a buyer's id), newest first, at most 50.
	 */
	@GetMapping("/orders")
	Mono<List<SalesReports.OrderLine>> search(@PathVariable String eventId, @RequestParam("q") String query) {
		return Mono.defer(() -> catalog.setup(EventId.parse(eventId)))
			.flatMap(setup -> query.isBlank() ? Mono.just(List.<SalesReports.OrderLine>of())
					: reports.search(setup.event().id(), query).collectList());
	}

	/**
	 * Every order of the event, oldest first: one CSV line each, its seats and tickets in
	 * it.
	 */
	@GetMapping(path = "/orders.csv", produces = "text/csv")
	Mono<ResponseEntity<Flux<String>>> orders(@PathVariable String eventId) {
		return Mono.defer(() -> catalog.setup(EventId.parse(eventId)))
			.map(setup -> ResponseEntity.ok()
				.contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
				.header(HttpHeaders.CONTENT_DISPOSITION,
						"attachment; filename=\"orders-" + setup.event().id() + ".csv\"")
				.body(Flux.just("order_id,created_at,buyer,status,total_minor,currency,seats,tickets\r\n")
					.concatWith(reports.orders(setup.event().id()).map(SalesController::line))));
	}

	static String line(SalesReports.OrderLine order) {
		return String.join(",", order.orderId().toString(), order.createdAt().toString(), csv(order.userId()),
				order.status(), String.valueOf(order.totalMinor()), order.currency(),
				csv(String.join(" ", order.seatIds())),
				csv(String.join(" ", order.ticketIds().stream().map(UUID::toString).toList()))) + "\r\n";
	}

	/**
	 * A field as RFC 4180 writes it: quoted when it holds a comma, quote or line break;
	 * one that a spreadsheet would read as a formula gets a leading apostrophe.
	 */
	static String csv(String field) {
		boolean quote = field.contains(",") || field.contains("\"") || field.contains("\n") || field.contains("\r");
		String safe = field.startsWith("=") || field.startsWith("+") || field.startsWith("-") || field.startsWith("@")
				? "'" + field : field;
		return quote || !safe.equals(field) ? "\"" + safe.replace("\"", "\"\"") + "\"" : field;
	}

}
