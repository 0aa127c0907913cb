package dev.marquee.config;

import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * Applies the Flyway migrations in {@code db/migration} once, at start-up, over JDBC. The JDBC
 * URL is derived from {@code spring.r2dbc.url} (so one setting configures both) unless
 * {@code spring.flyway.url} is given. Runs before the application serves anything.
 */
@Component
class SchemaMigration implements InitializingBean {

	private static final Logger log = LoggerFactory.getLogger(SchemaMigration.class);

	private final Environment env;

	SchemaMigration(Environment env) {
		this.env = env;
	}

	@Override
	public void afterPropertiesSet() {
		String url = env.getProperty("spring.flyway.url", jdbcUrl(env.getRequiredProperty("spring.r2dbc.url")));
		String user = env.getProperty("spring.flyway.user", env.getProperty("spring.r2dbc.username", ""));
		String password = env.getProperty("spring.flyway.password", env.getProperty("spring.r2dbc.password", ""));
		var result = Flyway.configure()
			.dataSource(url, user, password)
			.locations("classpath:db/migration")
			.load()
			.migrate();
		log.info("Database schema at version {} ({} migrations applied)", result.targetSchemaVersion,
				result.migrationsExecuted);
	}

	/** {@code r2dbc:[pool:]postgresql://host:port/db?x=y} becomes {@code jdbc:postgresql://host:port/db?x=y}. */
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

}
