package dev.marquee.security;

/**
 * A caller's token was verified for the first time on this node and names an email
 * address its issuer vouches for (an {@code email} claim, unless {@code email_verified}
 * says it is not verified). Published once per token, not per request.
 *
 * @param userId the token's subject
 * @param email the address
 */
public record CallerIdentified(String userId, String email) {
}
