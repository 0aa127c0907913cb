package dev.marquee.mail;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.imageio.ImageIO;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import dev.marquee.outbox.Outbox;
import dev.marquee.support.IntegrationTest;
import dev.marquee.support.Tokens;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Letters to buyers, sent to a real SMTP server (GreenMail) from the outbox rows each
 * change leaves: an order with its tickets (whose QR codes get in at the door), a
 * cancellation with its refund, a ticket given away, a waitlist offer with its deadline;
 * once per row however many relays run, and not lost while the SMTP server is down.
 */
class MailTests extends IntegrationTest {

	static GreenMail smtp = started(0);

	@Autowired
	MailRelay relay;

	@Autowired
	Outbox outbox;

	@DynamicPropertySource
	static void mail(DynamicPropertyRegistry registry) {
		registry.add("spring.mail.host", () -> "127.0.0.1");
		registry.add("spring.mail.port", () -> smtp.getSmtp().getPort());
		registry.add("marquee.mail.interval", () -> "200ms");
		registry.add("marquee.mail.public-url", () -> "https://tickets.example.test");
	}

	private static GreenMail started(int port) {
		GreenMail server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
		server.start();
		return server;
	}

	@AfterAll
	static void stopSmtp() {
		smtp.stop();
	}

	/** A buyer whose token carries an address, and that address. */
	private record Buyer(String token, String email) {

		static Buyer next() {
			String id = "mail-buyer-" + UUID.randomUUID();
			String email = id + "@example.test";
			return new Buyer(Tokens.withEmail(id, email), email);
		}

	}

	private String bought(UUID event, Buyer buyer, String... seats) {
		String hold = held(event, buyer.token(), seats);
		return (String) purchase(hold, buyer.token(), "k-" + UUID.randomUUID(), "tok_visa").expectStatus()
			.isCreated()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody()
			.get("orderId");
	}

	private static List<MimeMessage> to(String address) throws MessagingException {
		List<MimeMessage> found = new ArrayList<>();
		for (MimeMessage message : smtp.getReceivedMessages()) {
			if (Arrays.stream(message.getRecipients(Message.RecipientType.TO))
				.anyMatch(a -> a.toString().equals(address))) {
				found.add(message);
			}
		}
		return found;
	}

	private static List<MimeMessage> await(String address, int count) {
		return Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> to(address), m -> m.size() >= count);
	}

	/** The letter's parts by content type: text, html and each image. */
	private static List<Part> parts(Part part) throws MessagingException, IOException {
		List<Part> all = new ArrayList<>();
		if (part.getContent() instanceof Multipart multipart) {
			for (int i = 0; i < multipart.getCount(); i++) {
				BodyPart body = multipart.getBodyPart(i);
				all.addAll(parts(body));
			}
		}
		else {
			all.add(part);
		}
		return all;
	}

	private static String text(MimeMessage message, String type) throws MessagingException, IOException {
		for (Part part : parts(message)) {
			if (part.isMimeType(type)) {
				return (String) part.getContent();
			}
		}
		throw new AssertionError("No " + type + " part");
	}

	private static List<String> qrCodes(MimeMessage message) throws Exception {
		List<String> codes = new ArrayList<>();
		for (Part part : parts(message)) {
			if (part.isMimeType("image/png")) {
				BufferedImage image = ImageIO.read(new ByteArrayInputStream(part.getInputStream().readAllBytes()));
				int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
				// a generated image, square to the pixel: read as such (ZXing's
				// finder-pattern
				// search, made for photos, misreads some codes)
				codes.add(
						new QRCodeReader()
							.decode(new BinaryBitmap(new HybridBinarizer(
									new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels))),
									Map.of(DecodeHintType.PURE_BARCODE, true))
							.getText());
			}
		}
		return codes;
	}

	private Map<String, Object> scan(String code) {
		return http().post()
			.uri("/api/v1/tickets/scan")
			.headers(h -> h.setBearerAuth(token("door-" + UUID.randomUUID(), "SCANNER")))
			.bodyValue(Map.of("code", code))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
	}

	@Test
	void aPurchaseIsConfirmedByEmailWithTicketsWhoseQrCodesGetIn() throws Exception {
		UUID event = event(4);
		Buyer buyer = Buyer.next();
		String orderId = bought(event, buyer, "S-A-1", "S-A-2");

		MimeMessage letter = await(buyer.email(), 1).getFirst();
		assertThat(letter.getSubject()).isEqualTo("Your tickets for Test Night");
		assertThat(letter.getMessageID()).matches("<outbox-\\d+\\.OrderConfirmed@tickets\\.example\\.test>");
		String text = text(letter, "text/plain");
		assertThat(text).contains("Seats: S-A-1, S-A-2", "Total paid: EUR 100.00", "Test Hall, Porto",
				"https://tickets.example.test/orders/" + orderId);
		assertThat(text(letter, "text/html")).contains("cid:ticket-1", "cid:ticket-2", "Seat S-A-2");
		List<String> codes = qrCodes(letter);
		assertThat(codes).hasSize(2).allSatisfy(code -> assertThat(text).contains(code));
		assertThat(scan(codes.getFirst())).containsEntry("result", "ADMITTED");
	}

	@Test
	void aCancelledOrderIsToldWithItsRefund() throws Exception {
		UUID event = event(4);
		Buyer buyer = Buyer.next();
		String orderId = bought(event, buyer, "S-B-3");
		// (an order cancelled before its confirmation goes out is told only of the
		// cancel)
		await(buyer.email(), 1);
		http().post()
			.uri("/api/v1/orders/{id}/cancel", orderId)
			.headers(h -> h.setBearerAuth(buyer.token()))
			.exchange()
			.expectStatus()
			.isOk();

		List<MimeMessage> letters = await(buyer.email(), 2);
		MimeMessage cancelled = letters.stream()
			.filter(m -> subject(m).startsWith("Your order for Test Night is cancelled"))
			.findFirst()
			.orElseThrow();
		assertThat(text(cancelled, "text/plain")).contains(orderId, "Seats: S-B-3",
				"Refund: EUR 50.00, to the card you paid with.");
	}

	@Test
	void aTicketGivenAwayReachesItsNewHolderByEmailWithItsNewCode() throws Exception {
		UUID event = event(4);
		Buyer giver = Buyer.next();
		Buyer friend = Buyer.next();
		bought(event, giver, "S-A-3");
		// the friend's address is known once one of their tokens has been seen
		assertThat(ticketsOf(friend.token())).isEmpty();
		String oldCode = qrCodes(await(giver.email(), 1).getFirst()).getFirst();
		Map<String, Object> ticket = ticketOf(giver.token());
		http().post()
			.uri("/api/v1/tickets/{id}/transfer", ticket.get("ticketId"))
			.headers(h -> h.setBearerAuth(giver.token()))
			.bodyValue(Map.of("toUserId", subjectOf(friend)))
			.exchange()
			.expectStatus()
			.isOk();

		MimeMessage letter = await(friend.email(), 1).getFirst();
		assertThat(letter.getSubject()).isEqualTo("A ticket for Test Night is yours");
		String newCode = qrCodes(letter).getFirst();
		assertThat(newCode).isNotEqualTo(oldCode);
		assertThat(text(letter, "text/plain")).contains("Seat S-A-3: " + newCode);
		assertThat(scan(newCode)).containsEntry("result", "ADMITTED");
	}

	@Test
	void aWaitlistOfferIsEmailedWithItsDeadline() throws Exception {
		UUID event = event(2);
		String holder = buyer();
		String front = held(event, holder, "S-A-1", "S-A-2");
		held(event, buyer(), "S-B-1", "S-B-2");
		Buyer waiter = Buyer.next();
		http().post()
			.uri("/api/v1/events/{id}/waitlist", event)
			.headers(h -> h.setBearerAuth(waiter.token()))
			.bodyValue(Map.of("sectionCode", "S", "quantity", 2))
			.exchange()
			.expectStatus()
			.isCreated();
		http().delete()
			.uri("/api/v1/holds/{id}", front)
			.headers(h -> h.setBearerAuth(holder))
			.exchange()
			.expectStatus()
			.isNoContent();

		MimeMessage letter = await(waiter.email(), 1).getFirst();
		assertThat(letter.getSubject()).isEqualTo("Seats for Test Night are held for you");
		assertThat(text(letter, "text/plain")).contains("held for you: S-A-1, S-A-2", "Buy them before ",
				"https://tickets.example.test/events/" + event);
	}

	@Test
	void anEventPostponedThenCancelledTellsItsBuyersEachTime() throws Exception {
		UUID event = event(4);
		String admin = admin();
		Buyer buyer = Buyer.next();
		String orderId = bought(event, buyer, "S-A-2");
		await(buyer.email(), 1);
		http().post()
			.uri("/api/v1/orders/{id}/resend", orderId)
			.headers(h -> h.setBearerAuth(admin))
			.exchange()
			.expectStatus()
			.isAccepted();
		MimeMessage resent = await(buyer.email(), 2).get(1);
		assertThat(resent.getSubject()).isEqualTo("Your tickets for Test Night, sent again");
		assertThat(qrCodes(resent)).hasSize(1);

		String later = clock.instant().plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.HOURS).toString();
		http().post()
			.uri("/api/v1/events/{id}/postpone", event)
			.headers(h -> h.setBearerAuth(admin))
			.bodyValue(Map.of("startsAt", later))
			.exchange()
			.expectStatus()
			.isOk();
		MimeMessage postponed = await(buyer.email(), 3).get(2);
		assertThat(postponed.getSubject()).isEqualTo("New date: Test Night");
		assertThat(text(postponed, "text/plain")).contains(" to ", "seats S-A-2 are valid for the new date");

		http().post()
			.uri("/api/v1/events/{id}/cancel", event)
			.headers(h -> h.setBearerAuth(admin))
			.exchange()
			.expectStatus()
			.isAccepted();
		MimeMessage cancelled = await(buyer.email(), 4).get(3);
		assertThat(cancelled.getSubject()).isEqualTo("Cancelled: Test Night");
		assertThat(text(cancelled, "text/plain")).contains("refunded in full: EUR 50.00", orderId);
	}

	@Test
	void aTurnInTheWaitingRoomIsEmailedWithItsDeadline() throws Exception {
		UUID event = event(4);
		Buyer buyer = Buyer.next();
		// the buyer's address is known once one of their tokens has been seen
		assertThat(ticketsOf(buyer.token())).isEmpty();
		String ticket = UUID.randomUUID().toString();
		outbox.append(outbox.entry("queue-" + ticket, "QueueTurn", Map.of("eventId", event.toString(), "userId",
				subjectOf(buyer), "queueTicket", ticket, "admissionExpiresAt", "2031-03-01T20:10:00Z"),
				clock.instant()))
			.block();

		MimeMessage letter = await(buyer.email(), 1).getFirst();
		assertThat(letter.getSubject()).isEqualTo("Your turn: Test Night");
		assertThat(text(letter, "text/plain")).contains("before Sat 1 Mar 2031, 20:10 UTC",
				"https://tickets.example.test/events/" + event + "/queue");
	}

	@Test
	void aBuyerWithoutAnAddressGetsNoLetterAndTheRowIsStillHandled() {
		UUID event = event(4);
		String anonymous = buyer();
		String hold = held(event, anonymous, "S-A-4");
		String orderId = (String) purchase(hold, anonymous, "k-" + UUID.randomUUID(), "tok_visa").expectStatus()
			.isCreated()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody()
			.get("orderId");
		Awaitility.await()
			.atMost(Duration.ofSeconds(20))
			.until(() -> db.sql("select count(*) from outbox where aggregate_id = :order and mailed_at is not null")
				.bind("order", orderId)
				.map(row -> row.get(0, Long.class))
				.one()
				.block() == 1);
	}

	@Test
	void eachRowIsMailedOnceThoughRelaysRunAtOnce() throws Exception {
		UUID event = event(8);
		Buyer buyer = Buyer.next();
		for (int i = 1; i <= 6; i++) {
			bought(event, buyer, "S-A-" + i);
		}
		ExecutorService pool = Executors.newFixedThreadPool(4);
		try {
			List<Callable<Integer>> rounds = new ArrayList<>();
			for (int i = 0; i < 8; i++) {
				rounds.add(() -> relay.round().block());
			}
			for (Future<Integer> round : pool.invokeAll(rounds)) {
				round.get();
			}
		}
		finally {
			pool.shutdown();
		}
		List<MimeMessage> letters = await(buyer.email(), 6);
		List<String> ids = new ArrayList<>();
		for (MimeMessage letter : letters) {
			ids.add(letter.getMessageID());
		}
		assertThat(ids).hasSize(6).doesNotHaveDuplicates();
	}

	@Test
	void lettersWaitOutAnSmtpOutageAndAreSentWhenItIsBack() throws Exception {
		int port = smtp.getSmtp().getPort();
		UUID event = event(4);
		Buyer buyer = Buyer.next();
		smtp.stop();
		try {
			bought(event, buyer, "S-B-4");
			// a round while the server is down sends nothing and leaves the row
			assertThat(relay.round().block()).isZero();
		}
		finally {
			smtp = started(port);
		}
		assertThat(await(buyer.email(), 1).getFirst().getSubject()).isEqualTo("Your tickets for Test Night");
	}

	private static String subject(MimeMessage message) {
		try {
			return message.getSubject();
		}
		catch (MessagingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String subjectOf(Buyer buyer) {
		return buyer.email().substring(0, buyer.email().indexOf('@'));
	}

	private Map<String, Object> ticketOf(String token) {
		return ticketsOf(token).getFirst();
	}

	@SuppressWarnings("unchecked")
	private List<Map<String, Object>> ticketsOf(String token) {
		return (List<Map<String, Object>>) (List<?>) http().get()
			.uri("/api/v1/me/tickets")
			.headers(h -> h.setBearerAuth(token))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBodyList(Map.class)
			.returnResult()
			.getResponseBody();
	}

}
