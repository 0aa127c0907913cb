package dev.marquee.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * This process's CPU seconds by kind of thread, from /proc/self/task (Linux only; empty
 * elsewhere): the watchers' event loop, the JIT compilers, the garbage collector, the
 * hold generator, and the rest. A thread that ended between two readings drops out of the
 * second, so a difference can undercount "other".
 */
final class ThreadCpu {

	private ThreadCpu() {
	}

	/** CPU seconds so far by kind of thread. */
	static Map<String, Double> byKind() {
		Map<String, Double> seconds = new TreeMap<>();
		try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
			tasks.forEach(task -> {
				try {
					String stat = Files.readString(task.resolve("stat"));
					String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
					String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
					// utime and stime are fields 14 and 15 of the line, 12 and 13 after
					// the name
					double cpu = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
					seconds.merge(kind(name), cpu, Double::sum);
				}
				catch (IOException | RuntimeException ex) {
					// the thread ended
				}
			});
		}
		catch (IOException ex) {
			return Map.of();
		}
		return seconds;
	}

	/** From each kind's seconds in {@code after}, its seconds in {@code before}. */
	static Map<String, Double> since(Map<String, Double> before, Map<String, Double> after) {
		Map<String, Double> seconds = new TreeMap<>();
		after.forEach((kind, cpu) -> seconds.put(kind, Math.max(0, cpu - before.getOrDefault(kind, 0.0))));
		return seconds;
	}

	private static String kind(String thread) {
		if (thread.startsWith("watchers")) {
			return "watchers";
		}
		if (thread.startsWith("C1 Compiler") || thread.startsWith("C2 Compiler")) {
			return "jit";
		}
		if (thread.startsWith("GC Thread") || thread.startsWith("VM Thread") || thread.startsWith("ParGC")
				|| thread.startsWith("G1 ")) {
			return "gc";
		}
		if (thread.startsWith("holds")) {
			return "holds";
		}
		return "other";
	}

}
