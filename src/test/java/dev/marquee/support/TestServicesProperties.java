package dev.marquee.support;

import java.util.LinkedHashMap;
import java.util.List;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Points a test's application context at {@link TestServices} (the properties
 * {@link IntegrationTest} registers through {@code @DynamicPropertySource}), for test
 * annotations such as {@link ModuleTest} that cannot carry a
 * {@code @DynamicPropertySource} method. Its property source comes first, so it wins over
 * {@code application.yml}.
 */
public class TestServicesProperties implements ContextCustomizerFactory {

	@Override
	public ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		return new Customizer();
	}

	/** Equal to every other, so all tests using it can share a cached context. */
	record Customizer() implements ContextCustomizer {

		@Override
		public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
			context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("marqueeTestServices",
						new LinkedHashMap<>(TestServices.get().properties())));
		}

	}

}
