package dev.marquee.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * map of a 100,000-seat event on a running server (a drawn stadium: 20 blocks of 25
 * curved rows round a pitch) and measures (1) first paint: from navigation start to the
 * map's first full draw (the {@code marquee:map-painted} mark), over several loads; (2)
 * the frame rate while the server makes {@code rate} real holds a second, which reach the
 * page over its WebSocket, first on the overview the page opens on, then zoomed into one
 * block. Run through bench/ui.sh.
 *
 * Arguments: baseUrl changesPerSecond seconds loads
 */
public final class SeatMapUiBenchmark {

	static final int SECTIONS = 20;

	static final int ROWS = 25;

	static final int SEATS = 200;

	static final double RING = 700;

	static final List<String> TIERS = List.of("lower", "club", "upper", "top");

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
		// a drawn stadium: 20 sections of 25 curved rows of 200 seats round a pitch,
		// each turned to face it, in four tiers of five sections
		List<Map<String, Object>> sections = new ArrayList<>();
		for (int i = 0; i < SECTIONS; i++) {
			double angle = Math.toRadians(90 + i * 360.0 / SECTIONS);
			List<Map<String, Object>> rows = new ArrayList<>();
			for (int r = 0; r < ROWS; r++) {
				rows.add(Map.of("label", "R" + (r + 1), "seats", SEATS, "radius", RING + r));
			}
			sections.add(Map.of("code", section(i), "name", "Block " + (i + 1), "priceTier", TIERS.get(i % 4), "x",
					RING * Math.cos(angle), "y", RING * Math.sin(angle), "rotation", i * 360.0 / SECTIONS, "rows",
					rows));
		}
		Map<String, Object> pitch = Map.of("label", "Pitch", "x", 0, "y", 0, "width", 900, "height", 600);
		var venue = http.post()
			.uri("/api/v1/venues")
			.headers(h -> h.setBearerAuth(admin))
			.bodyValue(Map.of("name", "Bench Stadium", "city", "Bench", "sections", sections, "stage", pitch))
			.retrieve()
			.bodyToMono(type)
			.block();
		Map<String, Object> prices = Map.of("lower", money(9000), "club", money(15000), "upper", money(5000), "top",
				money(3000));
		System.out.println("VENUE " + venue.get("venueId"));
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

			List<String> tokens = new ArrayList<>();
			for (int i = 0; i < 200; i++) {
				tokens.add(DemoTokens.token("ui-" + i));
			}
			boolean overview = (Boolean) page.evaluate("() => window.marqueeMap.view.overview()");
			Map<String, Number> whole = phase(page, http, tokens, eventId, rate, seconds, 0);
			// then zoomed into one block, as a buyer choosing seats sees it
			page.evaluate("""
					() => {
					  const m = window.marqueeMap;
					  const c = m.view.seatCentre(m.map.indexOf('S01-R13-100'));
					  m.view.tap(c.x, c.y);
					}""");
			boolean zoomedIn = !(Boolean) page.evaluate("() => window.marqueeMap.view.overview()");
			Map<String, Number> block = phase(page, http, tokens, eventId, rate, seconds, 1);
			paints.sort(Double::compare);
			System.out.printf(
					"RESULT seats=100000 first_paint_ms_median=%.0f first_paint_ms_all=%s overview=%s changes=%d rate=%d/s "
							+ "fps=%.1f frame_p50_ms=%.1f frame_p99_ms=%.1f frame_max_ms=%.1f frames_over_33ms=%d "
							+ "zoomed=%s zoomed_fps=%.1f zoomed_frame_p99_ms=%.1f zoomed_frames_over_33ms=%d "
							+ "held_on_page=%d held_on_server=%d holds_ok=%d%n",
					paints.get(paints.size() / 2), paints.stream().map(p -> String.valueOf(Math.round(p))).toList(),
					overview, rate * seconds, rate, whole.get("fps").doubleValue(), whole.get("p50").doubleValue(),
					whole.get("p99").doubleValue(), whole.get("max").doubleValue(), whole.get("over33").intValue(),
					zoomedIn, block.get("fps").doubleValue(), block.get("p99").doubleValue(),
					block.get("over33").intValue(), block.get("held").intValue(), block.get("serverHeld").intValue(),
					whole.get("ok").intValue() + block.get("ok").intValue());
			browser.close();
		}
		System.exit(0);
	}

	/**
	 * {@code rate} real holds a second for {@code seconds} while the page counts its
	 * animation frames; then waits until the page shows as many held seats as the server.
	 */
	private static Map<String, Number> phase(Page page, WebClient http, List<String> tokens, String eventId, int rate,
			int seconds, int phase) {
		page.evaluate("""
				() => {
				  window.__frames = [];
				  window.__stop = false;
				  const loop = (t) => { window.__frames.push(t); if (!window.__stop) requestAnimationFrame(loop); };
				  requestAnimationFrame(loop);
				}""");
		int changes = rate * seconds;
		AtomicInteger held = new AtomicInteger();
		long start = System.nanoTime();
		Flux.range(phase * changes, changes)
			.delayUntil(i -> Mono.delay(Duration.ofNanos(
					Math.max(0, start + (long) (i - phase * changes) * 1_000_000_000L / rate - System.nanoTime()))))
			.flatMap(i -> {
				// spread over the whole stadium: every 10th seat, the next one in the
				// second phase
				int seat = (i % changes) * 10 % 100_000 + i / changes;
				String id = section(seat / (ROWS * SEATS)) + "-R" + (seat % (ROWS * SEATS) / SEATS + 1) + "-"
						+ (seat % SEATS + 1);
				return http.post()
					.uri("/api/v1/events/{id}/holds", eventId)
					.headers(h -> h.setBearerAuth(tokens.get(i % tokens.size())))
					.bodyValue(Map.of("seatIds", List.of(id)))
					.retrieve()
					.toBodilessEntity()
					.doOnNext(ok -> held.incrementAndGet())
					.onErrorResume(ex -> Mono.empty());
			}, 256)
			.blockLast();
		page.evaluate("() => { window.__stop = true; }");
		String statuses = (String) http.get()
			.uri("/api/v1/events/{id}/availability", eventId)
			.retrieve()
			.bodyToMono(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.block()
			.get("statuses");
		long serverHeld = statuses.chars().filter(c -> c == 'H').count();
		try {
			page.waitForFunction("n => window.marqueeMap.map.glyphs().split('').filter(g => g === 'H').length === n",
					(int) serverHeld, new Page.WaitForFunctionOptions().setTimeout(10_000));
		}
		catch (TimeoutError ex) {
			// reported as held_on_page < held_on_server
		}
		@SuppressWarnings("unchecked")
		Map<String, Number> frames = (Map<String, Number>) page.evaluate("""
				() => {
				  const f = window.__frames;
				  const gaps = [];
				  for (let i = 1; i < f.length; i++) gaps.push(f[i] - f[i - 1]);
				  gaps.sort((a, b) => a - b);
				  const held = window.marqueeMap.map.glyphs().split('').filter(g => g === 'H').length;
				  return { fps: (f.length - 1) / ((f[f.length - 1] - f[0]) / 1000),
				    p50: gaps[Math.floor(gaps.length * 0.5)], p99: gaps[Math.floor(gaps.length * 0.99)],
				    max: gaps[gaps.length - 1], over33: gaps.filter(g => g > 33.4).length, held };
				}""");
		Map<String, Number> result = new HashMap<>(frames);
		result.put("serverHeld", serverHeld);
		result.put("ok", held.get());
		return result;
	}

	private static String section(int i) {
		return "S%02d".formatted(i + 1);
	}

	private static Map<String, Object> money(long minor) {
		return Map.of("amountMinor", minor, "currency", "EUR");
	}

}
