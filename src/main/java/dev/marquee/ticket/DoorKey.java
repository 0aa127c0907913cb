package dev.marquee.ticket;

/** The key that verifies door lists, as X.509 SPKI (base64) and as a JWK. */
public record DoorKey(String keyId, String algorithm, String spki, Jwk jwk) {

	/** An EC public key as RFC 7517 writes it. */
	public record Jwk(String kty, String crv, String x, String y, String kid, String alg, String use) {
	}

}
