package dev.marquee.ui;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Pattern;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Route;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.marquee.support.Chromium;
import dev.marquee.support.IntegrationTest;
import dev.marquee.support.StripeStandIn;

import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Paying with a card in the browser where the gateway is Stripe: the page loads Stripe.js
 * (a stand-in served at Stripe.js's own address, under the page's
 * Content-Security-Policy) with the publishable key the server names, a declined card
 * keeps the hold, and a card that needs 3-D Secure is authenticated in Stripe's dialog
 * and then bought with the same Idempotency-Key, against a server speaking Stripe's API.
 * In the real Chromium.
 */
@DirtiesContext // its own context hears the same Redis expiries: close it so it cannot
				// take other tests'
class StripeCheckoutBrowserTests extends IntegrationTest {

	static final StripeStandIn stripe = StripeStandIn.start();

	static final String PUBLISHABLE_KEY = "pk_test_marquee_stand_in";

	static Chromium chromium;

	static Browser browser;

	private BrowserContext context;

	@DynamicPropertySource
	static void stripeSettings(DynamicPropertyRegistry registry) {
		stripe.settings().forEach((name, value) -> registry.add(name, () -> value));
		registry.add("marquee.payment.stripe.publishable-key", () -> PUBLISHABLE_KEY);
	}

	@BeforeAll
	static void launchChromium() {
		chromium = Chromium.launch(15_000);
		browser = chromium.browser();
	}

	@AfterAll
	static void closeChromium() {
		if (chromium != null) {
			chromium.close();
		}
	}

	@AfterEach
	void closeContext() {
		if (context != null) {
			context.close();
		}
		stripe.reset();
	}

	private static String standInScript() {
		try (InputStream in = StripeCheckoutBrowserTests.class.getResourceAsStream("/ui/stripe-js-stand-in.js")) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The buyer's browser, signed in, with the hold its tab made earlier, at the event.
	 */
	private Page open(String token, UUID event, String holdId) {
		context = browser.newContext(
				new Browser.NewContextOptions().setViewportSize(1280, 800).setBaseURL("http://localhost:" + port));
		context.setDefaultTimeout(15_000);
		String script = standInScript();
		context.route("https://js.stripe.com/**", route -> route.fulfill(
				new Route.FulfillOptions().setStatus(200).setContentType("application/javascript").setBody(script)));
		context.addInitScript("localStorage.setItem('marquee.token', '" + token + "');"
				+ " sessionStorage.setItem('marquee.hold." + event + "', '" + holdId + "')");
		Page page = context.newPage();
		page.navigate("/events/" + event);
		return page;
	}

	@Test
	void aCardNeedingThreeDSecureIsAuthenticatedInStripesDialogAndBoughtOnce() {
		UUID event = event(6);
		String buyer = buyer();
		String hold = held(event, buyer, "S-A-2");
		Page page = open(buyer, event, hold);

		// the hold is shown with Stripe's card field, made with the server's publishable
		// key
		assertThat(page.getByTestId("stripe-test-card")).isVisible();
		assertThat(page.evaluate("() => window.stripeStandIn.key")).isEqualTo(PUBLISHABLE_KEY);

		// a declined card: the hold stays the buyer's
		page.getByTestId("stripe-test-card").selectOption("pm_card_chargeDeclined");
		page.getByTestId("pay").click();
		assertThat(page.getByTestId("message")).containsText("declined");
		assertThat(holdView(hold, buyer)).containsEntry("status", "ACTIVE");

		// 3-D Secure: the bank's dialog opens; the bank confirms; the page buys, once
		page.getByTestId("stripe-test-card").selectOption("pm_card_authenticationRequired");
		page.getByTestId("pay").click();
		page.waitForFunction("() => window.stripeStandIn.nextActions.length === 1");
		String clientSecret = (String) page.evaluate("() => window.stripeStandIn.nextActions[0]");
		String intent = clientSecret.substring(0, clientSecret.indexOf("_secret_"));
		stripe.authenticate(intent);
		page.evaluate("() => window.stripeStandIn.answer(true)");
		page.waitForURL(Pattern.compile(".*/orders/[0-9a-f-]+$"));
		assertThat(page.getByTestId("tickets")).containsText("S-A-2");
		assertThat(stripe.intents().stream().filter(StripeStandIn.PaymentIntent::captured)).hasSize(1)
			.allSatisfy(captured -> assertThat(captured.id()).isEqualTo(intent));
	}

}
