package dev.marquee.support;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;

/**
 * A separate JVM started by a test from this build's classes and dependencies (the
 * running JDK, the test JVM's class path), its output in a log file of its own: a real
 * process a test can stop with SIGTERM or kill with SIGKILL, and start again the same
 * way. Killed with the test JVM if that exits first.
 */
public final class JavaProcess {

	private final String name;

	private final List<String> command;

	private final Path log;

	private final Map<String, String> environment;

	private Process process;

	private JavaProcess(String name, List<String> command, Map<String, String> environment, Path log) {
		this.name = name;
		this.command = command;
		this.environment = environment;
		this.log = log;
		Runtime.getRuntime().addShutdownHook(new Thread(this::killQuietly));
	}

	/**
	 * Prepares (does not start) {@code mainClass} with these JVM options and arguments.
	 * With {@code testClasses} false the class path leaves out this build's test classes
	 * and resources (an application started so sees only its own configuration).
	 */
	public static JavaProcess of(String name, boolean testClasses, List<String> jvmOptions, String mainClass,
			List<String> arguments) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmOptions);
		command.add("-cp");
		command.add(classPath(testClasses));
		command.add(mainClass);
		command.addAll(arguments);
		return ofCommand(name, command, Map.of());
	}

	/**
	 * Prepares (does not start) a Java program by its own launcher script, such as a
	 * server distribution's (which must end in {@code exec java}, so that this process is
	 * the JVM), with these environment variables added.
	 */
	public static JavaProcess ofCommand(String name, List<String> command, Map<String, String> environment) {
		try {
			Path log = Files.createTempFile("marquee-" + name.replaceAll("[^A-Za-z0-9]", "-") + "-", ".log");
			return new JavaProcess(name, List.copyOf(command), Map.copyOf(environment), log);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not make a log file for " + name, ex);
		}
	}

	private static String classPath(boolean testClasses) {
		return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
			.filter(entry -> testClasses || !entry.endsWith("test-classes") && !entry.endsWith("test-classes/"))
			.collect(Collectors.joining(File.pathSeparator));
	}

	/** Starts the process (its output appended to the log); does nothing if it runs. */
	public synchronized JavaProcess start() {
		if (isRunning()) {
			return this;
		}
		try {
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
			builder.environment().putAll(environment);
			process = builder.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start " + name, ex);
		}
		return this;
	}

	/**
	 * Waits until {@code ready} holds, failing at once (with the log's end) if the
	 * process exits first.
	 */
	public void awaitReady(Duration atMost, BooleanSupplier ready) {
		Process started = process;
		await(name + " to be ready").atMost(atMost).pollInterval(Duration.ofMillis(200)).until(() -> {
			if (!started.isAlive()) {
				throw new IllegalStateException(name + " exited with " + started.exitValue() + ":\n" + logTail(60));
			}
			return ready.getAsBoolean();
		});
	}

	/**
	 * Waits for the process to exit by itself, and fails (with the log's end) unless it
	 * exits in time and with status 0.
	 */
	public void awaitExit(Duration atMost) {
		try {
			if (!process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException(name + " did not finish in " + atMost + ":\n" + logTail(60));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for " + name, ex);
		}
		if (process.exitValue() != 0) {
			throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + logTail(60));
		}
	}

	public synchronized boolean isRunning() {
		return process != null && process.isAlive();
	}

	public synchronized long pid() {
		return process.pid();
	}

	/** Stops the process with SIGTERM (a graceful shutdown) and waits for it to exit. */
	public synchronized void stop() {
		if (!isRunning()) {
			return;
		}
		process.destroy();
		try {
			if (!process.waitFor(60, TimeUnit.SECONDS)) {
				process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while stopping " + name, ex);
		}
	}

	/** Kills the process with SIGKILL, as a crashed host, and waits for it to be gone. */
	public synchronized void kill() {
		if (process == null) {
			return;
		}
		process.destroyForcibly();
		try {
			process.waitFor(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while killing " + name, ex);
		}
	}

	private synchronized void killQuietly() {
		if (process != null) {
			process.destroyForcibly();
		}
	}

	/** Everything the process has written so far. */
	public List<String> logLines() {
		try {
			return Files.readAllLines(log);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not read the log of " + name, ex);
		}
	}

	/** The log's last lines, for a failure message. */
	public String logTail(int lines) {
		List<String> all = logLines();
		return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
	}

	public Path log() {
		return log;
	}

	@Override
	public String toString() {
		return name;
	}

}
