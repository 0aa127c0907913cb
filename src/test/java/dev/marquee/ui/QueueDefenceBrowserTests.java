package dev.marquee.ui;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.microsoft.playwright.Page;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import dev.marquee.queue.QueueAdmitter;
import dev.marquee.support.BrowserTest;

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
class QueueDefenceBrowserTests extends BrowserTest {

	@Autowired
	QueueAdmitter admitter;

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
		// solving waits on the machine's other work too
		page.context().setDefaultTimeout(30_000);
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
	void solvingTimesPerDifficulty() throws Exception {
		Page page = open(buyer(), "/");
		// the queue page's own worker, as Vite bundled it (powWorker.ts with
		// @noble/hashes)
		String worker;
		try (var assets = Files.list(Path.of("target", "classes", "static", "assets"))) {
			worker = "/assets/" + assets.map(p -> p.getFileName().toString())
				.filter(name -> name.startsWith("powWorker-") && name.endsWith(".js"))
				.findFirst()
				.orElseThrow();
		}
		int runs = Integer.getInteger("marquee.bench.pow.runs", 7);
		StringBuilder report = new StringBuilder(
				"| difficulty (bits) | median | min | max | runs | hashes/s | expected (2^d / rate) |\n"
						+ "|---|---|---|---|---|---|---|\n");
		for (int difficulty : new int[] { 12, 16, 18, 20, 22 }) {
			List<Double> seconds = new ArrayList<>();
			double hashes = 0;
			for (int run = 0; run < runs; run++) {
				// a fresh worker and a fresh challenge of the server's length each run,
				// as the page
				// does
				String challenge = "v1." + UUID.randomUUID() + "." + difficulty + ".1764892800000."
						+ UUID.randomUUID().toString().replace("-", "") + "." + "0".repeat(64);
				@SuppressWarnings("unchecked")
				Map<String, Number> taken = (Map<String, Number>) page.evaluate(SOLVE,
						Map.of("worker", worker, "challenge", challenge, "difficulty", difficulty));
				seconds.add(taken.get("ms").doubleValue() / 1000);
				hashes += taken.get("tried").doubleValue();
			}
			double rate = hashes / seconds.stream().mapToDouble(Double::doubleValue).sum();
			seconds.sort(Double::compare);
			report.append(String.format("| %d | %.2f s | %.2f s | %.2f s | %d | %.0f | %.2f s |%n", difficulty,
					seconds.get(seconds.size() / 2), seconds.get(0), seconds.get(seconds.size() - 1), runs, rate,
					Math.pow(2, difficulty) / rate));
		}
		// the same session's reference rates: the WebCrypto loop the page used before,
		// and
		// native SHA-256 on one core (the JDK's, cloning the prefix's state as a farm
		// would)
		@SuppressWarnings("unchecked")
		Map<String, Number> webCrypto = (Map<String, Number>) page.evaluate(WEBCRYPTO, 1 << 18);
		System.out.println("Proof-of-work solving times in Chromium " + browser.version() + " (" + worker + "):\n"
				+ report
				+ String.format(
						"WebCrypto loop: %.0f hashes/s; native (JDK MessageDigest, one thread): %.0f" + " hashes/s%n",
						webCrypto.get("rate").doubleValue(), nativeRate(1 << 23)));
	}

	/**
	 * Hashes per second of the scheme in Java on this thread: the prefix hashed once,
	 * cloned.
	 */
	private static double nativeRate(int hashes) throws Exception {
		MessageDigest prefix = MessageDigest.getInstance("SHA-256");
		prefix.update(("v1." + UUID.randomUUID() + ".20.1764892800000." + "0".repeat(32) + "." + "0".repeat(64) + ":")
			.getBytes(StandardCharsets.US_ASCII));
		byte[] out = new byte[32];
		double best = 0;
		for (int round = 0; round < 3; round++) {
			long started = System.nanoTime();
			int zeros = 0;
			for (int i = 0; i < hashes; i++) {
				MessageDigest digest = (MessageDigest) prefix.clone();
				digest.update(Integer.toString(i, 36).getBytes(StandardCharsets.US_ASCII));
				digest.digest(out, 0, 32);
				zeros += out[0] == 0 ? 1 : 0;
			}
			best = Math.max(best, hashes / ((System.nanoTime() - started) / 1e9));
			assertThat(zeros).isPositive();
		}
		return best;
	}

	static final String SOLVE = """
			({ worker, challenge, difficulty }) => new Promise((resolve, reject) => {
			  const started = performance.now();
			  const solver = new Worker(worker, { type: 'module' });
			  solver.onerror = (e) => { solver.terminate(); reject(new Error(e.message)); };
			  solver.onmessage = (e) => {
			    if (e.data.solution !== undefined) {
			      solver.terminate();
			      resolve({ ms: performance.now() - started, tried: e.data.tried });
			    }
			  };
			  solver.postMessage({ challenge, difficulty });
			})
			""";

	/**
	 * The loop the page's worker ran before @noble/hashes: WebCrypto, 256 digests in
	 * flight.
	 */
	static final String WEBCRYPTO = """
			async (hashes) => {
			  const encoder = new TextEncoder();
			  const challenge = 'v1.' + crypto.randomUUID() + '.20.1764892800000.' + '0'.repeat(97);
			  const started = performance.now();
			  for (let start = 0; start < hashes; start += 256) {
			    const candidates = Array.from({ length: 256 }, (_, i) => (start + i).toString(36));
			    await Promise.all(candidates.map((c) =>
			      crypto.subtle.digest('SHA-256', encoder.encode(challenge + ':' + c))));
			  }
			  return { rate: hashes / ((performance.now() - started) / 1000) };
			}
			""";

}
