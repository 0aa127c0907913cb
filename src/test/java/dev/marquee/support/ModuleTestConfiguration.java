package dev.marquee.support;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * What a {@link ModuleTest} adds to the tested module: a {@link MutableClock} that wins over the
 * system clock.
 */
@TestConfiguration(proxyBeanMethods = false)
public class ModuleTestConfiguration {

	@Bean
	@Primary
	MutableClock mutableClock() {
		return new MutableClock();
	}

}
