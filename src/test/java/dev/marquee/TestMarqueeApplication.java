package dev.marquee;

import java.util.ArrayList;
import java.util.List;

import dev.marquee.support.TestServices;

import org.springframework.boot.SpringApplication;

/**
 * The one-command demo: {@code ./mvnw spring-boot:test-run}. Starts real PostgreSQL and
 * Redis in-process (or uses MARQUEE_TEST_POSTGRES / MARQUEE_TEST_REDIS if set), then
 * Marquee in the {@code demo} profile on http://localhost:8080 with a seeded event.
 */
public class TestMarqueeApplication {

	public static void main(String[] args) {
		TestServices services = System.getenv("MARQUEE_TEST_POSTGRES") != null ? TestServices.get()
				: TestServices.embedded();
		List<String> arguments = new ArrayList<>(List.of(args));
		services.properties().forEach((name, value) -> {
			if (!name.equals("marquee.hold.key-prefix")) {
				arguments.add("--" + name + "=" + value);
			}
		});
		SpringApplication.from(MarqueeApplication::main)
			.withAdditionalProfiles("demo")
			.run(arguments.toArray(String[]::new));
	}

}
