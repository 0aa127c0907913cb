package dev.marquee.sale;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.marquee.MarqueeApplication;
import dev.marquee.support.IntegrationTest;
import dev.marquee.support.TestServices;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Nobody takes orders through the simulator by accident: outside the demo and the tests, the
 * payment gateway must be named, and the application refuses to start without one.
 */
class PaymentGatewaySelectionTests {

	@Test
	void withoutAChosenGatewayTheApplicationRefusesToStartAndSaysWhy() {
		assertThatThrownBy(() -> start(Map.of()).close())
			.satisfies(ex -> assertThat(causes(ex)).contains("marquee.payment.gateway").contains("simulated"));
	}

	@Test
	void theSimulatorIsUsedOnlyWhenChosen() {
		try (ConfigurableApplicationContext app = start(Map.of("marquee.payment.gateway", "simulated"))) {
			assertThat(app.getBean(PaymentGateway.class)).isInstanceOf(SimulatedPaymentGateway.class);
		}
	}

	@Test
	void anUnknownGatewayIsRefused() {
		assertThatThrownBy(() -> start(Map.of("marquee.payment.gateway", "acme")).close())
			.satisfies(ex -> assertThat(causes(ex)).contains("marquee.payment.gateway"));
	}

	private static ConfigurableApplicationContext start(Map<String, String> extra) {
		Map<String, Object> properties = new HashMap<>(TestServices.get().properties());
		properties.put("marquee.hold.key-prefix", "gw" + System.nanoTime());
		properties.put("marquee.security.jwt-secret", IntegrationTest.SECRET);
		properties.put("server.port", "0");
		properties.put("spring.rsocket.server.port", "0");
		properties.put("spring.main.banner-mode", "off");
		properties.putAll(extra);
		return new SpringApplicationBuilder(MarqueeApplication.class)
			.run(properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
	}

	private static String causes(Throwable ex) {
		StringBuilder all = new StringBuilder();
		for (Throwable t = ex; t != null; t = t.getCause()) {
			all.append(t.getMessage()).append('\n');
		}
		return all.toString();
	}

}
