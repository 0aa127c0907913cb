package dev.marquee.mail;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import dev.marquee.catalog.CatalogManagement;
import dev.marquee.catalog.EventId;
import dev.marquee.catalog.EventSetup;
import dev.marquee.ticket.TicketManagement;
import dev.marquee.ticket.TicketStatus;
import tools.jackson.databind.JsonNode;

import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Writes the letter an outbox row calls for, from the templates in
 * {@code classpath:mail/}: each {@code <name>.txt} is a Mustache template whose first
 * line is {@code Subject: ...} and whose rest is the plain text; the HTML part is the
 * same paragraphs in {@code letter.html}, with the tickets' QR codes as inline PNG
 * images. A row that calls for no letter (a type without one, a buyer whose address is
 * unknown, a ticket no longer theirs) writes none.
 */
@Component
class Letters {

	/** An outbox row: its id, type and JSON payload. */
	record Announcement(long id, String type, JsonNode payload) {

		String text(String field) {
			JsonNode node = payload.path(field);
			return node.isMissingNode() || node.isNull() ? null : node.asString();
		}

	}

	/** One email: plain text, HTML and the HTML's inline images. */
	record Letter(String to, String subject, String text, String html, List<Inline> images, String messageId) {
	}

	/** An image the HTML shows as {@code cid:<contentId>}. */
	record Inline(String contentId, byte[] png) {
	}

	private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm 'UTC'",
			Locale.ENGLISH);

	private static final List<String> NAMES = List.of("order-confirmed", "tickets-resent", "order-cancelled",
			"event-cancelled", "ticket-transferred", "waitlist-offered", "event-postponed", "queue-turn",
			"ticket-resold");

	private final Contacts contacts;

	private final CatalogManagement catalog;

	private final TicketManagement tickets;

	private final MailProperties properties;

	private final Map<String, Template> texts = new LinkedHashMap<>();

	private final Template html;

	Letters(Contacts contacts, CatalogManagement catalog, TicketManagement tickets, MailProperties properties) {
		this.contacts = contacts;
		this.catalog = catalog;
		this.tickets = tickets;
		this.properties = properties;
		Mustache.Compiler plain = Mustache.compiler().escapeHTML(false).defaultValue("");
		for (String name : NAMES) {
			texts.put(name, compile(plain, name + ".txt"));
		}
		this.html = compile(Mustache.compiler().defaultValue(""), "letter.html");
	}

	private static Template compile(Mustache.Compiler compiler, String file) {
		try (Reader reader = new InputStreamReader(new ClassPathResource("mail/" + file).getInputStream(),
				StandardCharsets.UTF_8)) {
			return compiler.compile(reader);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the mail template " + file, ex);
		}
	}

	/** The letter {@code row} calls for; empty if none. */
	Mono<Letter> write(Announcement row) {
		return switch (row.type()) {
			case "OrderConfirmed" -> withTickets(row, "order-confirmed", row.text("userId"));
			case "TicketsResent" -> withTickets(row, "tickets-resent", row.text("userId"));
			case "OrderCancelled" ->
				plain(row, "event-cancelled".equals(row.text("reason")) ? "event-cancelled" : "order-cancelled",
						row.text("userId"), Map.of("refund", money(row.payload().path("refund")), "refunded",
								row.payload().path("refund").path("amountMinor").asLong() > 0));
			case "TicketTransferred" -> withTickets(row, "ticket-transferred", row.text("toUserId"));
			case "WaitlistOffered" ->
				plain(row, "waitlist-offered", row.text("userId"), Map.of("expiresAt", when(row.text("expiresAt"))));
			case "QueueTurn" ->
				plain(row, "queue-turn", row.text("userId"), Map.of("expiresAt", when(row.text("admissionExpiresAt")),
						"queueUrl", properties.link("/events/" + row.text("eventId") + "/queue")));
			case "TicketResold" -> plain(row, "ticket-resold", row.text("sellerId"),
					Map.of("seat", row.text("seatId"), "price", money(row.payload().path("price"))));
			case "EventPostponed" -> plain(row, "event-postponed", row.text("userId"),
					Map.of("previousStartsAt", when(row.text("previousStartsAt"))));
			default -> Mono.empty();
		};
	}

	private Mono<Letter> plain(Announcement row, String template, String userId, Map<String, Object> more) {
		return contacts.email(userId).flatMap(to -> event(row).map(event -> {
			Map<String, Object> model = model(row, event);
			model.putAll(more);
			return letter(row, template, to, model, List.of());
		}));
	}

	/**
	 * A letter carrying tickets: the order's (or, for a transfer, the one ticket's) live
	 * tickets as their holder has them now, with today's codes.
	 */
	private Mono<Letter> withTickets(Announcement row, String template, String userId) {
		UUID orderId = UUID.fromString(row.text("orderId"));
		String ticketId = row.text("ticketId");
		return contacts.email(userId)
			.flatMap(to -> event(row).flatMap(event -> tickets.ticketsOf(userId)
				.filter(issued -> issued.ticket().orderId().equals(orderId)
						&& issued.ticket().status() == TicketStatus.VALID
						&& (ticketId == null || issued.ticket().id().toString().equals(ticketId)))
				.collectList()
				.filter(live -> !live.isEmpty())
				.map(live -> {
					List<Map<String, Object>> shown = new ArrayList<>();
					List<Inline> images = new ArrayList<>();
					for (int i = 0; i < live.size(); i++) {
						TicketManagement.IssuedTicket issued = live.get(i);
						String cid = "ticket-" + (i + 1);
						shown.add(Map.of("seat", issued.ticket().seatId(), "code", issued.code(), "cid", cid));
						images.add(new Inline(cid, tickets.qrPng(issued.code(), 6)));
					}
					Map<String, Object> model = model(row, event);
					model.put("tickets", shown);
					return letter(row, template, to, model, images);
				})));
	}

	private Mono<EventSetup> event(Announcement row) {
		return catalog.setup(EventId.of(UUID.fromString(row.text("eventId"))));
	}

	private Map<String, Object> model(Announcement row, EventSetup setup) {
		Map<String, Object> model = new LinkedHashMap<>();
		model.put("event",
				Map.of("name", setup.event().name(), "startsAt",
						WHEN.format(setup.event().startsAt().atOffset(ZoneOffset.UTC)), "venue", setup.venue().name(),
						"city", setup.venue().city()));
		model.put("eventUrl", properties.link("/events/" + setup.event().id().value()));
		String orderId = row.text("orderId");
		if (orderId != null) {
			model.put("orderId", orderId);
			model.put("orderUrl", properties.link("/orders/" + orderId));
		}
		JsonNode seats = row.payload().path("seatIds");
		List<String> seatIds = new ArrayList<>();
		seats.forEach(seat -> seatIds.add(seat.asString()));
		if (row.text("seatId") != null) {
			seatIds.add(row.text("seatId"));
		}
		model.put("seats", String.join(", ", seatIds));
		model.put("total", money(row.payload().path("total")));
		return model;
	}

	private Letter letter(Announcement row, String template, String to, Map<String, Object> model,
			List<Inline> images) {
		String rendered = texts.get(template).execute(model).strip();
		int firstBreak = rendered.indexOf('\n');
		String subject = rendered.substring(0, firstBreak).replaceFirst("^Subject:\\s*", "").strip();
		String text = rendered.substring(firstBreak + 1).strip() + "\n";
		List<Map<String, Object>> paragraphs = Arrays.stream(text.split("\\n\\s*\\n"))
			.filter(p -> !p.isBlank())
			.map(p -> Map.<String, Object>of("lines", List.of(p.strip().split("\\n"))))
			.toList();
		Map<String, Object> page = new LinkedHashMap<>(model);
		page.put("subject", subject);
		page.put("paragraphs", paragraphs);
		String host = properties.publicUrl().getHost() == null ? "marquee" : properties.publicUrl().getHost();
		return new Letter(to, subject, text, html.execute(page), images,
				"<outbox-" + row.id() + "." + row.type() + "@" + host + ">");
	}

	/**
	 * "EUR 45.00" from {@code {"amountMinor": 4500, "currency": "EUR"}}; "" if absent.
	 */
	static String money(JsonNode money) {
		if (money.isMissingNode() || money.path("currency").isMissingNode()) {
			return "";
		}
		String currency = money.path("currency").asString();
		int digits = Currency.getInstance(currency).getDefaultFractionDigits();
		return currency + " "
				+ BigDecimal.valueOf(money.path("amountMinor").asLong(), Math.max(digits, 0)).toPlainString();
	}

	private static String when(String instant) {
		return instant == null ? "" : WHEN.format(Instant.parse(instant).atOffset(ZoneOffset.UTC));
	}

}
