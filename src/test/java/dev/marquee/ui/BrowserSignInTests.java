package dev.marquee.ui;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import dev.marquee.support.Chromium;
import dev.marquee.support.IntegrationTest;
import dev.marquee.support.KeycloakProcess;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A buyer signs in through the browser at a real OpenID Connect provider (Keycloak, the
 * realm Compose imports), with Authorization Code and PKCE through oidc-client-ts, comes
 * back to the page they left, holds and buys with the provider's token, and signs out
 * there too; the token never lands in localStorage. In the real Chromium.
 */
class BrowserSignInTests extends IntegrationTest {

	/**
	 * The browser's client, as the realm's marquee-web but for this test's random port.
	 */
	static final String CLIENT = "marquee-web-test";

	static final KeycloakProcess keycloak = startKeycloak();

	static Chromium chromium;

	static Browser browser;

	private static KeycloakProcess startKeycloak() {
		if (!KeycloakProcess.available()) {
			return null;
		}
		KeycloakProcess started = KeycloakProcess.start(Path.of("deploy/keycloak/marquee-realm.json"));
		started.createClient("marquee",
				Map.of("clientId", CLIENT, "publicClient", true, "standardFlowEnabled", true, "redirectUris",
						List.of("*"), "webOrigins", List.of("*"), "attributes",
						Map.of("pkce.code.challenge.method", "S256", "post.logout.redirect.uris", "*"),
						"protocolMappers", List.of(KeycloakProcess.audienceMapper("marquee"))));
		started.createUser("marquee", "buyer", "buyer-password");
		return started;
	}

	@DynamicPropertySource
	static void provider(DynamicPropertyRegistry registry) {
		if (keycloak != null) {
			registry.add("marquee.security.oidc.issuer-uri", () -> keycloak.issuer("marquee"));
			registry.add("marquee.security.oidc.audience", () -> "marquee");
			registry.add("marquee.security.oidc.client-id", () -> CLIENT);
		}
	}

	@AfterAll
	static void stop() {
		if (chromium != null) {
			chromium.close();
		}
		if (keycloak != null) {
			keycloak.close();
		}
	}

	private Page browse(String path) {
		if (browser == null) {
			chromium = Chromium.launch(20_000);
			browser = chromium.browser();
		}
		BrowserContext context = browser
			.newContext(new Browser.NewContextOptions().setBaseURL("http://localhost:" + port));
		context.setDefaultTimeout(20_000);
		Page page = context.newPage();
		page.navigate(path);
		return page;
	}

	@Test
	void aBuyerSignsInAtTheProviderBuysWithItsTokenAndSignsOut() {
		Assumptions.assumeTrue(keycloak != null, "the build did not unpack Keycloak");
		UUID event = event(10);
		Page page = browse("/events/" + event);

		page.getByTestId("sign-in").click();
		page.waitForURL(Pattern.compile(".*/realms/marquee/protocol/openid-connect/auth\\?.*code_challenge=.*"));
		page.locator("#username").fill("buyer");
		page.locator("#password").fill("buyer-password");
		page.locator("#kc-login").click();

		assertThat(page.getByTestId("user")).hasText("Signed in as buyer");
		assertThat(page).hasURL(Pattern.compile(".*/events/" + event + "$"));
		assertThat((String) page.evaluate("JSON.stringify(localStorage)")).doesNotContain("eyJ");

		page.getByTestId("best-quantity").fill("1");
		page.getByTestId("best").click();
		assertThat(page.getByTestId("message")).containsText("S-A-");
		page.getByTestId("pay").click();
		page.waitForURL(Pattern.compile(".*/orders/[0-9a-f-]+$"));
		assertThat(page.locator("img[alt^='QR code']")).hasCount(1);

		page.getByText("Sign out").click();
		page.waitForURL(Pattern.compile("http://localhost:" + port + "/$"));
		assertThat(page.getByTestId("sign-in")).isVisible();
	}

}
