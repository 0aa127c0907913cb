package dev.marquee.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.TimeoutError;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Seat-map UI benchmark (not a test): in the machine's headless Chromium, opens the seat
 * map of a 100,000-seat event on a running server and measures (1) first paint: from
 * navigation start to the map's first full draw (the {@code marquee:map-painted} mark),
 * over several loads; (2) the frame rate while the server makes {@code rate} real holds a
 * second, which reach the page over its WebSocket. Run through bench/ui.sh.
 *
 * Arguments: baseUrl changesPerSecond seconds loads
 */
public final class SeatMapUiBenchmark {

	public static void main(String[] args) throws Exception {
		String base = args[0];
		int rate = Integer.parseInt(args[1]);
		int seconds = Integer.parseInt(args[2]);
		int loads = Integer.parseInt(args[3]);
		WebClient http = WebClient.builder()
			.baseUrl(base)
			.clientConnector(new ReactorClientHttpConnector(HttpClient
				.create(ConnectionProvider.builder("bench").maxConnections(256).pendingAcquireMaxCount(-1).build())))
			.codecs(c -> c.defaultCodecs().maxInMemorySize(64 * 1024 * 1024))
			.build();
		String admin = DemoTokens.token("bench-admin", "ADMIN");
		var type = new ParameterizedTypeReference<Map<String, Object>>() {
		};
		// a stadium: four tiers of 50 rows of 500 seats
		List<Map<String, Object>> sections = new ArrayList<>();
		for (String tier : List.of("LOWER", "CLUB", "UPPER", "TOP")) {
			List<Map<String, Object>> rows = new ArrayList<>();
			for (int r = 1; r <= 50; r++) {
				rows.add(Map.of("label", "R" + r, "seats", 500));
			}
			sections.add(Map.of("code", tier, "name", tier.charAt(0) + tier.substring(1).toLowerCase(), "priceTier",
					tier.toLowerCase(), "rows", rows));
		}
		var venue = http.post()
			.uri("/api/v1/venues")
			.headers(h -> h.setBearerAuth(admin))
			.bodyValue(Map.of("name", "Bench Stadium", "city", "Bench", "sections", sections))
			.retrieve()
			.bodyToMono(type)
			.block();
		Map<String, Object> prices = Map.of("lower", money(9000), "club", money(15000), "upper", money(5000), "top",
				money(3000));
		var event = http.post()
			.uri("/api/v1/events")
			.headers(h -> h.setBearerAuth(admin))
			.bodyValue(Map.of("venueId", venue.get("venueId"), "name", "Stadium night", "startsAt",
					Instant.now().plusSeconds(86_400).toString(), "onSaleAt", Instant.now().minusSeconds(60).toString(),
					"maxTicketsPerUser", 100, "prices", prices))
			.retrieve()
			.bodyToMono(type)
			.block();
		String eventId = (String) event.get("eventId");

		try (Playwright playwright = Playwright
			.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")))) {
			Browser browser = playwright.chromium()
				.launch(new BrowserType.LaunchOptions()
					.setExecutablePath(Path.of(System.getenv().getOrDefault("MARQUEE_CHROMIUM", "/usr/bin/chromium")))
					.setHeadless(true));
			Page page = browser.newContext(new Browser.NewContextOptions().setViewportSize(1600, 900)).newPage();
			List<Double> paints = new ArrayList<>();
			for (int i = 0; i < loads; i++) {
				page.navigate(base + "/events/" + eventId);
				page.waitForFunction("() => performance.getEntriesByName('marquee:map-painted').length > 0", null,
						new Page.WaitForFunctionOptions().setTimeout(60_000));
				paints.add(((Number) page
					.evaluate("() => performance.getEntriesByName('marquee:map-painted')[0].startTime")).doubleValue());
			}
			page.waitForFunction("() => document.querySelector('[data-testid=connection]')?.dataset.state === 'live'");

			page.evaluate("""
					() => {
					  window.__frames = [];
					  const loop = (t) => { window.__frames.push(t); requestAnimationFrame(loop); };
					  requestAnimationFrame(loop);
					}""");
			List<String> tokens = new ArrayList<>();
			for (int i = 0; i < 200; i++) {
				tokens.add(DemoTokens.token("ui-" + i));
			}
			int changes = rate * seconds;
			AtomicInteger held = new AtomicInteger();
			Map<String, Integer> refused = new ConcurrentHashMap<>();
			long start = System.nanoTime();
			Flux.range(0, changes)
				.delayUntil(i -> Mono
					.delay(Duration.ofNanos(Math.max(0, start + (long) i * 1_000_000_000L / rate - System.nanoTime()))))
				.flatMap(i -> {
					// spread over the whole stadium: every 10th seat
					int seat = i * 10 % 100_000;
					String tier = List.of("LOWER", "CLUB", "UPPER", "TOP").get(seat / 25_000);
					String id = tier + "-R" + (seat % 25_000 / 500 + 1) + "-" + (seat % 500 + 1);
					return http.post()
						.uri("/api/v1/events/{id}/holds", eventId)
						.headers(h -> h.setBearerAuth(tokens.get(i % tokens.size())))
						.bodyValue(Map.of("seatIds", List.of(id)))
						.retrieve()
						.toBodilessEntity()
						.doOnNext(ok -> held.incrementAndGet())
						.onErrorResume(ex -> {
							refused.merge(ex.getClass().getSimpleName() + ":" + ex.getMessage().split("\\s")[0], 1,
									Integer::sum);
							return Mono.empty();
						});
				}, 256)
				.blockLast();
			double elapsed = (System.nanoTime() - start) / 1e9;
			// the page has every change once it shows as many held seats as the server
			// does
			String statuses = (String) http.get()
				.uri("/api/v1/events/{id}/availability", eventId)
				.retrieve()
				.bodyToMono(type)
				.block()
				.get("statuses");
			long serverHeld = statuses.chars().filter(c -> c == 'H').count();
			try {
				page.waitForFunction(
						"n => window.marqueeMap.map.glyphs().split('').filter(g => g === 'H').length === n",
						(int) serverHeld, new Page.WaitForFunctionOptions().setTimeout(10_000));
			}
			catch (TimeoutError ex) {
				// reported below as held_on_page < held_on_server
			}
			@SuppressWarnings("unchecked")
			Map<String, Number> frames = (Map<String, Number>) page.evaluate("""
					() => {
					  const f = window.__frames;
					  const gaps = [];
					  for (let i = 1; i < f.length; i++) gaps.push(f[i] - f[i - 1]);
					  gaps.sort((a, b) => a - b);
					  const held = window.marqueeMap.map.glyphs().split('').filter(g => g === 'H').length;
					  return { frames: f.length, seconds: (f[f.length - 1] - f[0]) / 1000,
					    p50: gaps[Math.floor(gaps.length * 0.5)], p99: gaps[Math.floor(gaps.length * 0.99)],
					    max: gaps[gaps.length - 1], over33: gaps.filter(g => g > 33.4).length, held };
					}""");
			paints.sort(Double::compare);
			double fps = frames.get("frames").doubleValue() / frames.get("seconds").doubleValue();
			System.out.printf(
					"RESULT seats=100000 first_paint_ms_median=%.0f first_paint_ms_all=%s changes=%d rate=%d/s sent_in_s=%.1f "
							+ "fps=%.1f frame_p50_ms=%.1f frame_p99_ms=%.1f frame_max_ms=%.1f frames_over_33ms=%d held_on_page=%d "
							+ "held_on_server=%d holds_ok=%d refused=%s%n",
					paints.get(paints.size() / 2), paints.stream().map(p -> String.valueOf(Math.round(p))).toList(),
					changes, rate, elapsed, fps, frames.get("p50").doubleValue(), frames.get("p99").doubleValue(),
					frames.get("max").doubleValue(), frames.get("over33").intValue(), frames.get("held").intValue(),
					serverHeld, held.get(), refused);
			browser.close();
		}
		System.exit(0);
	}

	private static Map<String, Object> money(long minor) {
		return Map.of("amountMinor", minor, "currency", "EUR");
	}

}
