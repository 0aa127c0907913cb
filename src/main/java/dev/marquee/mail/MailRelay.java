package dev.marquee.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.mail.MailParseException;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Sends the letters the outbox calls for. Each round claims the oldest rows not yet
 * mailed ({@code FOR UPDATE SKIP LOCKED}, so nodes mail side by side and never the same
 * row at once), writes and sends each row's letter in turn, and marks the rows handled in
 * the same transaction. A letter the SMTP server refuses for good (a malformed address)
 * is logged and marked; any other failure ends the round, marking what went out, and the
 * rest is tried again in the next. A node that dies between sending and marking leaves
 * its rows to be sent again: at least once, never lost. Each letter's {@code Message-ID}
 * is made from its row, so a repeat is the same message to the buyer's mail client. Runs
 * only when {@code spring.mail.host} is set.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("!'${spring.mail.host:}'.isEmpty()")
class MailRelay {

	private static final Logger log = LoggerFactory.getLogger(MailRelay.class);

	private final DatabaseClient db;

	private final TransactionalOperator tx;

	private final MailProperties properties;

	private final Letters letters;

	private final JavaMailSender sender;

	private final JsonMapper json;

	MailRelay(DatabaseClient db, TransactionalOperator tx, MailProperties properties, Letters letters,
			JavaMailSender sender, JsonMapper json) {
		this.db = db;
		this.tx = tx;
		this.properties = properties;
		this.letters = letters;
		this.sender = sender;
		this.json = json;
	}

	@Scheduled(fixedDelayString = MailProperties.INTERVAL, initialDelayString = MailProperties.INTERVAL)
	Mono<Void> scheduledRound() {
		return Mono.defer(this::round).then().onErrorResume(ex -> {
			log.warn("Mail round failed ({}); its rows stay and are tried again", ex.toString());
			return Mono.empty();
		});
	}

	/** One round: answers how many rows were handled (mailed or needing no letter). */
	Mono<Integer> round() {
		return db
			.sql("select id, type, payload::text as payload from outbox where mailed_at is null"
					+ " order by id limit :batch for update skip locked")
			.bind("batch", properties.batch())
			.map(row -> new Letters.Announcement(row.get("id", Long.class), row.get("type", String.class),
					json.readTree(row.get("payload", String.class))))
			.all()
			.collectList()
			.flatMap(rows -> Flux.fromIterable(rows)
				.concatMap(row -> deliver(row).thenReturn(row.id()))
				.onErrorResume(ex -> {
					log.warn("Sending mail failed ({}); the rest of this round waits for the next", ex.toString());
					return Flux.empty();
				})
				.collectList())
			.flatMap(handled -> handled.isEmpty() ? Mono.just(0)
					: db.sql("update outbox set mailed_at = now() where id = any(:ids)")
						.bind("ids", handled.toArray(Long[]::new))
						.then()
						.thenReturn(handled.size()))
			.as(tx::transactional);
	}

	private Mono<Void> deliver(Letters.Announcement row) {
		return letters.write(row)
			.flatMap(letter -> Mono.fromRunnable(() -> sender.send(message(letter)))
				.subscribeOn(Schedulers.boundedElastic()))
			.onErrorResume(ex -> ex instanceof MailPreparationException || ex instanceof MailParseException, ex -> {
				log.error("The letter for outbox row {} ({}) cannot be written or addressed ({}); it is skipped",
						row.id(), row.type(), ex.toString());
				return Mono.empty();
			})
			.then();
	}

	private MimeMessage message(Letters.Letter letter) {
		MimeMessage message = sender.createMimeMessage();
		try {
			MimeMessageHelper helper = new MimeMessageHelper(message, true, "UTF-8");
			helper.setFrom(properties.from());
			helper.setTo(letter.to());
			helper.setSubject(letter.subject());
			helper.setText(letter.text(), letter.html());
			for (Letters.Inline image : letter.images()) {
				helper.addInline(image.contentId(), new ByteArrayResource(image.png()), "image/png");
			}
			// kept by JavaMailSenderImpl: a letter sent twice is the same message
			message.setHeader("Message-ID", letter.messageId());
		}
		catch (MessagingException ex) {
			throw new MailPreparationException(ex);
		}
		return message;
	}

}
