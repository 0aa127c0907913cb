package dev.marquee.support;

import dev.marquee.security.SecurityProperties;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ImportSelector;
import org.springframework.core.type.AnnotationMetadata;

/**
 * What a {@link WebSliceTest} adds to Boot's WebFlux slice: the application's
 * configuration of the web edge, which the slice leaves out because it is plain
 * {@code @Configuration}. The classes are package-private in their modules, so they are
 * imported by name.
 */
@TestConfiguration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecurityProperties.class)
@Import(WebSliceConfiguration.WebEdge.class)
public class WebSliceConfiguration {

	static class WebEdge implements ImportSelector {

		@Override
		public String[] selectImports(AnnotationMetadata metadata) {
			return new String[] { "dev.marquee.security.SecurityConfiguration", "dev.marquee.config.StrictJson",
					"dev.marquee.config.ClockConfiguration" };
		}

	}

}
