package dev.marquee.config;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertyResolver;
import org.springframework.core.env.PropertySource;
import org.springframework.util.StringUtils;

/**
 * Lets one setting configure both database clients: Boot's Flyway migrates over JDBC at
 * start-up while everything else runs on R2DBC, so unless {@code spring.flyway.url},
 * {@code .user} or {@code .password} are set, they default to {@code spring.r2dbc.url}
 * (as a {@code jdbc:} URL), {@code .username} and {@code .password}. The defaults are
 * worked out when read, so properties added after start-up processing (a test's dynamic
 * properties) count too.
 */
class FlywayJdbcUrl implements EnvironmentPostProcessor {

	static final String NAME = "marqueeFlywayFromR2dbc";

	private static final Map<String, String> FROM_R2DBC = Map.of("spring.flyway.url", "spring.r2dbc.url",
			"spring.flyway.user", "spring.r2dbc.username", "spring.flyway.password", "spring.r2dbc.password");

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		// last: anything set anywhere wins
		environment.getPropertySources().addLast(new FromR2dbc(environment));
	}

	/**
	 * {@code r2dbc:[pool:]postgresql://host:port/db?x=y} becomes
	 * {@code jdbc:postgresql://host:port/db?x=y}.
	 */
	static String jdbcUrl(String r2dbcUrl) {
		if (!StringUtils.hasText(r2dbcUrl) || !r2dbcUrl.startsWith("r2dbc:")) {
			throw new IllegalStateException("spring.r2dbc.url must be an r2dbc: URL, was " + r2dbcUrl);
		}
		String rest = r2dbcUrl.substring("r2dbc:".length());
		if (rest.startsWith("pool:")) {
			rest = rest.substring("pool:".length());
		}
		return "jdbc:" + rest;
	}

	/**
	 * Answers the three Flyway settings from the R2DBC ones. Its source is the mapping,
	 * not the environment: Boot flattens a property source whose source is an environment
	 * into that environment's sources, and this one is among them.
	 */
	static final class FromR2dbc extends PropertySource<Map<String, String>> {

		private final PropertyResolver environment;

		FromR2dbc(PropertyResolver environment) {
			super(NAME, FROM_R2DBC);
			this.environment = environment;
		}

		@Override
		public Object getProperty(String name) {
			String source = getSource().get(name);
			if (source == null) {
				return null;
			}
			String value = environment.getProperty(source);
			if (value == null) {
				return null;
			}
			return name.equals("spring.flyway.url") ? jdbcUrl(value) : value;
		}

	}

}
