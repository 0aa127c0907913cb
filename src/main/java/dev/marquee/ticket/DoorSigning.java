package dev.marquee.ticket;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * The ECDSA P-256 key that signs the door lists, so a scanner can trust a list it keeps
 * offline. Configured ({@code marquee.ticket.door-signing-key}) or derived from the
 * tickets' code secret, so that every node sharing that secret signs with the same key.
 * The JDK cannot tell a private key's public half, so it is computed here
 * ({@link #times}) and checked at start by signing and verifying once.
 */
@Component
class DoorSigning {

	private static final Logger log = LoggerFactory.getLogger(DoorSigning.class);

	/** IEEE P1363 (r || s), the form WebCrypto's ECDSA verify takes. */
	private static final String ALGORITHM = "SHA256withECDSAinP1363Format";

	private static final ECParameterSpec P256 = p256();

	private final PrivateKey privateKey;

	private final ECPublicKey publicKey;

	private final String keyId;

	DoorSigning(TicketProperties properties, TicketCodes codes) {
		try {
			KeyFactory ec = KeyFactory.getInstance("EC");
			ECPrivateKey key;
			if (properties.doorSigningKey().isBlank()) {
				// any 256-bit string, folded into 1..n-1, is a valid private key
				BigInteger n = P256.getOrder();
				BigInteger d = new BigInteger(1, codes.derive("marquee door lists v1")).mod(n.subtract(BigInteger.ONE))
					.add(BigInteger.ONE);
				key = (ECPrivateKey) ec.generatePrivate(new ECPrivateKeySpec(d, P256));
				log.info("Door lists are signed with a key derived from the ticket code secret "
						+ "(set marquee.ticket.door-signing-key to give them a key of their own)");
			}
			else {
				key = (ECPrivateKey) ec.generatePrivate(new PKCS8EncodedKeySpec(der(properties.doorSigningKey())));
				if (!P256.getOrder().equals(key.getParams().getOrder())) {
					throw new IllegalStateException("marquee.ticket.door-signing-key must be an EC key on P-256");
				}
			}
			this.privateKey = key;
			this.publicKey = (ECPublicKey) ec
				.generatePublic(new ECPublicKeySpec(times(key.getS(), P256.getGenerator()), P256));
			this.keyId = Base64.getUrlEncoder()
				.withoutPadding()
				.encodeToString(Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(spki()), 12));
			selfCheck();
		}
		catch (GeneralSecurityException | IllegalArgumentException ex) {
			throw new IllegalStateException(
					"marquee.ticket.door-signing-key is not a PKCS#8 EC P-256 private key (PEM or base64)", ex);
		}
	}

	/** The signature of {@code data}: 64 bytes, r then s. */
	byte[] sign(byte[] data) {
		try {
			Signature signature = Signature.getInstance(ALGORITHM);
			signature.initSign(privateKey);
			signature.update(data);
			return signature.sign();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot sign a door list", ex);
		}
	}

	boolean verify(byte[] data, byte[] signed) {
		try {
			Signature signature = Signature.getInstance(ALGORITHM);
			signature.initVerify(publicKey);
			signature.update(data);
			return signature.verify(signed);
		}
		catch (GeneralSecurityException ex) {
			return false;
		}
	}

	ECPublicKey publicKey() {
		return publicKey;
	}

	/**
	 * The public key as X.509 SubjectPublicKeyInfo (DER), what WebCrypto imports as spki.
	 */
	byte[] spki() {
		return publicKey.getEncoded();
	}

	/** Names the key: the first 12 bytes of the SHA-256 of its SPKI, base64url. */
	String keyId() {
		return keyId;
	}

	private void selfCheck() {
		byte[] probe = "marquee door list".getBytes(StandardCharsets.UTF_8);
		if (!verify(probe, sign(probe))) {
			throw new IllegalStateException("The door list key's public half does not verify its signatures");
		}
	}

	private static byte[] der(String text) {
		String base64 = text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
		return Base64.getMimeDecoder().decode(base64.replace('-', '+').replace('_', '/'));
	}

	/** k times the point, on P-256 (double and add, affine coordinates). */
	static ECPoint times(BigInteger k, ECPoint point) {
		ECPoint result = ECPoint.POINT_INFINITY;
		for (int i = k.bitLength() - 1; i >= 0; i--) {
			result = add(result, result);
			if (k.testBit(i)) {
				result = add(result, point);
			}
		}
		return result;
	}

	private static ECPoint add(ECPoint a, ECPoint b) {
		if (a.equals(ECPoint.POINT_INFINITY)) {
			return b;
		}
		if (b.equals(ECPoint.POINT_INFINITY)) {
			return a;
		}
		BigInteger p = ((ECFieldFp) P256.getCurve().getField()).getP();
		BigInteger lambda;
		if (a.getAffineX().equals(b.getAffineX())) {
			if (a.getAffineY().add(b.getAffineY()).mod(p).signum() == 0) {
				return ECPoint.POINT_INFINITY;
			}
			BigInteger x = a.getAffineX();
			lambda = x.multiply(x)
				.multiply(BigInteger.valueOf(3))
				.add(P256.getCurve().getA())
				.multiply(a.getAffineY().shiftLeft(1).modInverse(p))
				.mod(p);
		}
		else {
			lambda = b.getAffineY()
				.subtract(a.getAffineY())
				.multiply(b.getAffineX().subtract(a.getAffineX()).modInverse(p))
				.mod(p);
		}
		BigInteger x = lambda.multiply(lambda).subtract(a.getAffineX()).subtract(b.getAffineX()).mod(p);
		BigInteger y = lambda.multiply(a.getAffineX().subtract(x)).subtract(a.getAffineY()).mod(p);
		return new ECPoint(x, y);
	}

	private static ECParameterSpec p256() {
		try {
			AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
			parameters.init(new ECGenParameterSpec("secp256r1"));
			return parameters.getParameterSpec(ECParameterSpec.class);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("The JDK has no P-256", ex);
		}
	}

}
