package dev.marquee.support;

import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import org.flywaydb.core.Flyway;

import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * The tests' PostgreSQL ({@link TestServices}) with the schema migrated, for repository
 * tests that need no application context: a {@link DatabaseClient} and transactions over
 * one connection factory shared by the JVM.
 */
public final class MigratedDatabase {

	private static ConnectionFactory connections;

	private MigratedDatabase() {
	}

	public static synchronized DatabaseClient client() {
		if (connections == null) {
			TestServices services = TestServices.get();
			Flyway.configure()
				.dataSource(services.jdbcUrl(), services.postgresUser, services.postgresPassword)
				.locations("classpath:db/migration")
				.load()
				.migrate();
			connections = ConnectionFactories.get(ConnectionFactoryOptions.parse(services.r2dbcUrl())
				.mutate()
				.option(ConnectionFactoryOptions.USER, services.postgresUser)
				.option(ConnectionFactoryOptions.PASSWORD, services.postgresPassword)
				.build());
		}
		return DatabaseClient.create(connections);
	}

	/** A transaction over {@link #client()}'s connections. */
	public static TransactionalOperator transactions() {
		client();
		return TransactionalOperator.create(new R2dbcTransactionManager(connections));
	}

}
