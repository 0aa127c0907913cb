package dev.marquee.mail;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Email to buyers, sent through the SMTP server {@code spring.mail.*} names (no
 * {@code spring.mail.host}, no mail).
 *
 * @param from the sender every letter shows
 * @param publicUrl where buyers reach Marquee's pages (the links in the letters)
 * @param interval how often the mail relay looks for new outbox rows
 * @param batch rows handled per round
 */
@Validated
@ConfigurationProperties("marquee.mail")
public record MailProperties(@NotBlank @DefaultValue("Marquee <tickets@marquee.invalid>") String from,
		@NotNull @DefaultValue("http://localhost:8080") URI publicUrl, @NotNull @DefaultValue("1s") Duration interval,
		@Min(1) @DefaultValue("50") int batch) {

	/**
	 * {@link #interval()} for {@code @Scheduled}: read from this record's bean, so its
	 * default is written once.
	 */
	static final String INTERVAL = "#{@'marquee.mail-dev.marquee.mail.MailProperties'.interval()}";

	/** The page at {@code path} ("/orders/..."), as a link for a letter. */
	String link(String path) {
		String base = publicUrl.toString();
		return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path;
	}

}
