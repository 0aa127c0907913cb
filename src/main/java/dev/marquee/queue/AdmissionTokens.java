package dev.marquee.queue;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.text.ParseException;
import java.time.Instant;
import java.util.Date;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import dev.marquee.catalog.EventId;
import dev.marquee.queue.QueueProblems.AdmissionRequired;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Admission tokens: compact JWS (HS256) with their own type, bound to the user, the
 * event, the queue ticket and an expiry. The key is
 * {@code marquee.queue.admission-secret}, or else derived from the bearer-token secret
 * (HMAC of a fixed label), so an admission token is never accepted as a bearer token nor
 * the other way round. Signing is deterministic: the same admission gives the same token
 * on every node and every read.
 */
@Component
class AdmissionTokens {

	private static final JOSEObjectType TYPE = new JOSEObjectType("marquee-admission+jwt");

	private final MACSigner signer;

	private final MACVerifier verifier;

	AdmissionTokens(QueueProperties properties, @Value("${marquee.security.jwt-secret:}") String jwtSecret) {
		byte[] key = properties.admissionSecret().isEmpty() ? derive(jwtSecret)
				: properties.admissionSecret().getBytes(StandardCharsets.UTF_8);
		try {
			this.signer = new MACSigner(key);
			this.verifier = new MACVerifier(key);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Admission token key rejected: " + ex.getMessage(), ex);
		}
	}

	private static byte[] derive(String jwtSecret) {
		if (jwtSecret.isEmpty()) {
			throw new IllegalStateException("Set marquee.queue.admission-secret or marquee.security.jwt-secret");
		}
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(jwtSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return mac.doFinal("marquee admission tokens v1".getBytes(StandardCharsets.UTF_8));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

	String issue(QueueTicket ticket, Instant expiresAt) {
		JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(ticket.userId())
			.claim("evt", ticket.eventId().toString())
			.claim("qt", ticket.ticketId().toString())
			.expirationTime(Date.from(expiresAt))
			.build();
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(TYPE).build(), claims);
		try {
			jwt.sign(signer);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Could not sign an admission token", ex);
		}
		return jwt.serialize();
	}

	/**
	 * Passes if the token admits this user to this event at {@code now}; otherwise says
	 * why not.
	 */
	void verify(String token, EventId eventId, String userId, Instant now) {
		if (token == null || token.isBlank()) {
			throw new AdmissionRequired(eventId, "missing",
					"This event is queue-protected: join its waiting room and send the admission token in X-Admission-Token.");
		}
		JWTClaimsSet claims;
		try {
			SignedJWT jwt = SignedJWT.parse(token.strip());
			if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !TYPE.equals(jwt.getHeader().getType())
					|| !jwt.verify(verifier)) {
				throw new AdmissionRequired(eventId, "invalid", "The admission token is not one Marquee issued.");
			}
			claims = jwt.getJWTClaimsSet();
		}
		catch (ParseException | JOSEException | IllegalStateException ex) {
			throw new AdmissionRequired(eventId, "invalid", "The admission token is not one Marquee issued.");
		}
		if (!eventId.toString().equals(claims.getClaim("evt"))) {
			throw new AdmissionRequired(eventId, "other-event", "The admission token is for another event.");
		}
		if (!userId.equals(claims.getSubject())) {
			throw new AdmissionRequired(eventId, "other-user", "The admission token was issued to someone else.");
		}
		Date expiry = claims.getExpirationTime();
		if (expiry == null || !now.isBefore(expiry.toInstant())) {
			throw new AdmissionRequired(eventId, "expired", "Your turn expired at "
					+ (expiry == null ? "?" : expiry.toInstant()) + "; join the waiting room again.");
		}
	}

}
