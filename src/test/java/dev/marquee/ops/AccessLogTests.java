package dev.marquee.ops;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.marquee.support.IntegrationTest;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.TestPropertySource;

/**
 * With the access log on, every request leaves one line carrying its correlation id.
 */
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(properties = "marquee.access-log.enabled=true")
class AccessLogTests extends IntegrationTest {

	@Test
	void eachRequestLogsOneLineWithItsCorrelationId(CapturedOutput output) {
		http().get().uri("/api/v1/events").header("X-Request-Id", "trace-me-42").exchange().expectStatus().isOk();
		Awaitility.await()
			.atMost(Duration.ofSeconds(5))
			.until(() -> output.getAll()
				.lines()
				.anyMatch(line -> line.contains("requestId=trace-me-42") && line.contains("uri=/api/v1/events")
						&& line.contains("status=200")));
	}

}
