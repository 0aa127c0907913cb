package dev.marquee.ui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import dev.marquee.queue.QueueAdmitter;
import dev.marquee.support.Chromium;
import dev.marquee.support.IntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The waiting room's door in a real Chromium: the queue page solves the proof of work the
 * event asks for in a Web Worker and joins, shows the commitment before opening, and
 * verifies the buyer's place against the seed revealed at opening. With
 * {@code -Dmarquee.bench.pow=true} it also measures solving times per difficulty
 * ({@code docs/BENCHMARKS.md}).
 */
class QueueDefenceBrowserTests extends IntegrationTest {

	static Chromium chromium;

	static Browser browser;

	@Autowired
	QueueAdmitter admitter;

	private final List<BrowserContext> contexts = new ArrayList<>();

	@BeforeAll
	static void launchChromium() throws Exception {
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
	void closeContexts() {
		contexts.forEach(BrowserContext::close);
	}

	private Page open(String token, String path) {
		BrowserContext context = browser
			.newContext(new Browser.NewContextOptions().setBaseURL("http://localhost:" + port));
		context.setDefaultTimeout(30_000);
		contexts.add(context);
		context.addInitScript("localStorage.setItem('marquee.token', '" + token + "')");
		Page page = context.newPage();
		page.navigate(path);
		return page;
	}

	private void tick() {
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> admitter.tick().block());
	}

	@Test
	void theQueuePageSolvesTheChallengeJoinsAndVerifiesThePlaceAfterOpening() throws Exception {
		clock.freeze();
		UUID event = event(10, Map.of("onSaleAt", clock.instant().plus(Duration.ofMinutes(10)).toString(), "queue",
				Map.of("enabled", true, "admitPerMinute", 60)));
		http().put()
			.uri("/api/v1/events/{id}/queue-difficulty", event)
			.headers(h -> h.setBearerAuth(admin()))
			.bodyValue(Map.of("difficulty", 12))
			.exchange()
			.expectStatus()
			.isOk();
		Page page = open(buyer(), "/events/" + event + "/queue");
		assertThat(page.getByTestId("queue-position")).hasText("You are in the waiting room.");
		assertThat(page.getByTestId("queue-fairness")).containsText("committed to now");
		assertThat(page.getByTestId("queue-fairness")).containsText("You were early joiner #1.");
		String fairness = page.getByTestId("queue-fairness").textContent();
		String commitment = fairness.replaceAll("(?s).*committed to now: ([0-9a-f]{64}).*", "$1");
		assertThat(commitment).hasSize(64);
		page.getByTestId("queue-verify").click();
		assertThat(page.getByTestId("queue-verify-result")).hasText("Your place can be verified once sales open.");
		Files.createDirectories(Path.of("target", "screenshots"));
		page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target", "screenshots", "queue-fairness.png")));

		clock.advance(Duration.ofMinutes(10));
		tick();
		assertThat(page.getByTestId("queue-position")).hasText("You are number 1 in line.");
		page.getByTestId("queue-verify").click();
		assertThat(page.getByTestId("queue-verify-result"))
			.hasText("sha256(seed) matches the commitment published before opening. "
					+ "Early joiner #1 of 1 gets number 1: your number. Verified.");
		assertThat(page.getByTestId("queue-fairness")).containsText(commitment);
	}

	@Test
	@EnabledIfSystemProperty(named = "marquee.bench.pow", matches = "true")
	void solvingTimesPerDifficulty() {
		Page page = open(buyer(), "/");
		int runs = Integer.getInteger("marquee.bench.pow.runs", 7);
		StringBuilder report = new StringBuilder(
				"| difficulty (bits) | median | min | max | runs | hashes/s | expected (2^d / rate) |\n"
						+ "|---|---|---|---|---|---|---|\n");
		for (int difficulty : new int[] { 12, 16, 18, 20 }) {
			List<Double> seconds = new ArrayList<>();
			double hashes = 0;
			for (int run = 0; run < runs; run++) {
				// the worker's loop (powWorker.ts), on a fresh random challenge each run
				@SuppressWarnings("unchecked")
				Map<String, Number> taken = (Map<String, Number>) page.evaluate(SOLVE,
						Map.of("challenge", "bench-" + UUID.randomUUID(), "difficulty", difficulty));
				seconds.add(taken.get("ms").doubleValue() / 1000);
				hashes += taken.get("tried").doubleValue();
			}
			double rate = hashes / seconds.stream().mapToDouble(Double::doubleValue).sum();
			seconds.sort(Double::compare);
			report.append(String.format("| %d | %.2f s | %.2f s | %.2f s | %d | %.0f | %.2f s |%n", difficulty,
					seconds.get(seconds.size() / 2), seconds.get(0), seconds.get(seconds.size() - 1), runs, rate,
					Math.pow(2, difficulty) / rate));
		}
		System.out.println("Proof-of-work solving times in Chromium " + browser.version() + ":\n" + report);
	}

	static final String SOLVE = """
			async ({ challenge, difficulty }) => {
			  const encoder = new TextEncoder();
			  const zeros = (hash) => {
			    let bits = 0;
			    for (const byte of hash) {
			      if (byte !== 0) return bits + Math.clz32(byte) - 24;
			      bits += 8;
			    }
			    return bits;
			  };
			  const started = performance.now();
			  for (let start = 0; ; start += 256) {
			    const candidates = Array.from({ length: 256 }, (_, i) => (start + i).toString(36));
			    const hashes = await Promise.all(candidates.map((c) =>
			      crypto.subtle.digest('SHA-256', encoder.encode(challenge + ':' + c))));
			    const found = hashes.findIndex((h) => zeros(new Uint8Array(h)) >= difficulty);
			    if (found >= 0) {
			      return { ms: performance.now() - started, tried: start + found + 1 };
			    }
			  }
			}
			""";

}
