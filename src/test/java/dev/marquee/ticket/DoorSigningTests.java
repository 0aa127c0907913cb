package dev.marquee.ticket;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The door lists' key: a configured one (PEM or bare base64) keeps its public half, a
 * derived one is the same on every node that shares the code secret.
 */
class DoorSigningTests {

	private static final String SECRET = "a code secret of at least 32 characters";

	private static DoorSigning signing(String codeSecret, String key) {
		TicketProperties properties = new TicketProperties(codeSecret, key);
		return new DoorSigning(properties, new TicketCodes(properties, ""));
	}

	@Test
	void aConfiguredKeyHasThePublicHalfTheJdkGaveIt() throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
		generator.initialize(new ECGenParameterSpec("secp256r1"));
		for (int i = 0; i < 5; i++) {
			KeyPair pair = generator.generateKeyPair();
			String base64 = Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded());
			String pem = "-----BEGIN PRIVATE KEY-----\n" + base64.replaceAll("(.{64})", "$1\n")
					+ "\n-----END PRIVATE KEY-----\n";
			assertThat(signing(SECRET, pem).spki()).isEqualTo(pair.getPublic().getEncoded());
			assertThat(signing(SECRET, base64).spki()).isEqualTo(pair.getPublic().getEncoded());
		}
	}

	@Test
	void aDerivedKeyFollowsTheCodeSecret() {
		DoorSigning one = signing(SECRET, "");
		DoorSigning again = signing(SECRET, "");
		DoorSigning other = signing(SECRET + "!", "");
		assertThat(again.spki()).isEqualTo(one.spki());
		assertThat(again.keyId()).isEqualTo(one.keyId());
		assertThat(other.spki()).isNotEqualTo(one.spki());
		byte[] data = "a list".getBytes(StandardCharsets.UTF_8);
		byte[] signature = one.sign(data);
		assertThat(signature).hasSize(64);
		assertThat(again.verify(data, signature)).isTrue();
		assertThat(other.verify(data, signature)).isFalse();
	}

	@Test
	void aKeyThatIsNoP256PrivateKeyStopsTheStart() throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
		generator.initialize(new ECGenParameterSpec("secp384r1"));
		String p384 = Base64.getEncoder().encodeToString(generator.generateKeyPair().getPrivate().getEncoded());
		assertThatThrownBy(() -> signing(SECRET, p384)).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("P-256");
		assertThatThrownBy(() -> signing(SECRET, "not a key")).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("door-signing-key");
	}

}
