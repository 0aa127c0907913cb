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
 * @param doorSigningKey the ECDSA P-256 private key that signs the door lists, as PKCS#8
 * PEM or its base64; empty derives one from the codes' key (so every node that shares
 * that secret signs with the same key)
 */
@Validated
@ConfigurationProperties("marquee.ticket")
public record TicketProperties(@Pattern(regexp = "|.{32,}") @DefaultValue("") String codeSecret,
		@DefaultValue("") String doorSigningKey) {
}
