package dev.marquee.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.apache.kafka.common.Uuid;

/**
 * A real Kafka broker in its own JVM: one combined KRaft node (broker and controller) run
 * with {@code kafka.Kafka} from the Kafka jars this build already has (those of
 * {@code spring-kafka-test}), on loopback ports of its own, its log directory kept across
 * a {@link #stop()} and {@link #start()}, so a test can restart the broker under running
 * Marquee processes.
 */
public final class KafkaBrokerProcess implements AutoCloseable {

	private final int port = FreePorts.next();

	private final int controllerPort = FreePorts.next();

	private final JavaProcess process;

	private KafkaBrokerProcess(Path directory) throws IOException {
		Path properties = directory.resolve("server.properties");
		Files.writeString(properties, String.join("\n", "process.roles=broker,controller", "node.id=1",
				"controller.quorum.voters=1@127.0.0.1:" + controllerPort,
				"listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
				"advertised.listeners=PLAINTEXT://127.0.0.1:" + port, "controller.listener.names=CONTROLLER",
				"inter.broker.listener.name=PLAINTEXT",
				"listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
				"log.dirs=" + directory.resolve("data"), "num.partitions=1", "offsets.topic.replication.factor=1",
				"transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1",
				"share.coordinator.state.topic.replication.factor=1", "share.coordinator.state.topic.min.isr=1",
				"group.initial.rebalance.delay.ms=0", "auto.create.topics.enable=true", ""));
		// the broker logs through this build's Logback: INFO, not the tests' own settings
		Path logback = directory.resolve("logback.xml");
		Files.writeString(logback, """
				<configuration>
				  <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
				    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n</pattern></encoder>
				  </appender>
				  <logger name="org.apache.kafka.clients" level="WARN"/>
				  <root level="INFO"><appender-ref ref="OUT"/></root>
				</configuration>
				""");
		List<String> jvm = List.of("-Xms128m", "-Xmx384m", "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true",
				"-Dlogback.configurationFile=" + logback);
		JavaProcess format = JavaProcess.of("kafka-storage-format", true, jvm, "kafka.tools.StorageTool",
				List.of("format", "-t", clusterId(), "-c", properties.toString()));
		format.start();
		format.awaitExit(Duration.ofSeconds(60));
		this.process = JavaProcess.of("kafka-broker-" + port, true, jvm, "kafka.Kafka", List.of(properties.toString()));
	}

	/** Formats a fresh log directory and starts the broker on free ports. */
	public static KafkaBrokerProcess start() {
		try {
			KafkaBrokerProcess broker = new KafkaBrokerProcess(Files.createTempDirectory("marquee-kafka"));
			broker.startAgain();
			return broker;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not prepare a Kafka broker", ex);
		}
	}

	/**
	 * A random cluster id, Kafka's own: its text never starts with '-', which the storage
	 * tool would read as an option (a hand-made Base64 one did, 1 time in 64).
	 */
	private static String clusterId() {
		return Uuid.randomUuid().toString();
	}

	/**
	 * Starts the broker (again) on its ports and log directory, and returns once it has
	 * started and accepts connections.
	 */
	public void startAgain() {
		int linesBefore = process.isRunning() ? 0 : process.logLines().size();
		process.start();
		process.awaitReady(Duration.ofSeconds(120), () -> {
			List<String> lines = process.logLines();
			return lines.subList(Math.min(linesBefore, lines.size()), lines.size())
				.stream()
				.anyMatch(line -> line.contains("Kafka Server started")) && answers();
		});
	}

	private boolean answers() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/** Stops the broker gracefully (SIGTERM) and returns once its process has exited. */
	public void stop() {
		process.stop();
	}

	public String bootstrapServers() {
		return "127.0.0.1:" + port;
	}

	@Override
	public void close() {
		process.kill();
	}

}
