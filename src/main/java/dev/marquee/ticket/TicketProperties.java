package dev.marquee.ticket;

import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of tickets.
 *
 * @param codeSecret key of the tickets' HMAC codes (at least 32 characters); empty
 * derives one from {@code marquee.security.jwt-secret}, never equal to it
 */
@Validated
@ConfigurationProperties("marquee.ticket")
public record TicketProperties(@Pattern(regexp = "|.{32,}") @DefaultValue("") String codeSecret) {
}
