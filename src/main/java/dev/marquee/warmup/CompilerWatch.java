package dev.marquee.warmup;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;

/**
 * Whether the JIT compilers have gone quiet: over the last {@link #WINDOW} they spent
 * less than {@link #QUIET_SHARE} of one core compiling. While a JVM serves a new kind of
 * traffic its compilers take a core or more (measured: about 1.2 cores for the first
 * minute of a flash crowd's routes on a 2-vCPU machine), which is capacity the crowd does
 * not get; once they are quiet, the hot code is compiled.
 */
final class CompilerWatch {

	static final Duration WINDOW = Duration.ofSeconds(5);

	static final double QUIET_SHARE = 0.05;

	/** Total milliseconds the compilers have worked; null when the JVM cannot say. */
	private final LongSupplier compiledMillis;

	/** Readings {nanoTime, total compilation millis}, oldest first, one a second. */
	private final Deque<long[]> readings = new ArrayDeque<>();

	/** This JVM's compilers. */
	CompilerWatch() {
		this(jvmCompilers());
	}

	CompilerWatch(LongSupplier compiledMillis) {
		this.compiledMillis = compiledMillis;
	}

	private static LongSupplier jvmCompilers() {
		CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
		return (compiler != null && compiler.isCompilationTimeMonitoringSupported()) ? compiler::getTotalCompilationTime
				: null;
	}

	/** Whether this JVM can say how long its compilers worked. */
	boolean available() {
		return this.compiledMillis != null;
	}

	/**
	 * Takes a reading (at most one a second) and says whether the compilers are quiet.
	 */
	synchronized boolean quiet(long nowNanos) {
		if (!available()) {
			return false;
		}
		long[] last = this.readings.peekLast();
		if (last != null && nowNanos - last[0] < 1_000_000_000L) {
			return false;
		}
		this.readings.addLast(new long[] { nowNanos, this.compiledMillis.getAsLong() });
		// keep as the oldest reading the newest one that is at least a window old
		while (this.readings.size() > 1) {
			long[] oldest = this.readings.removeFirst();
			if (nowNanos - this.readings.peekFirst()[0] < WINDOW.toNanos()) {
				this.readings.addFirst(oldest);
				break;
			}
		}
		long[] first = this.readings.peekFirst();
		long elapsedNanos = nowNanos - first[0];
		long compiled = this.readings.peekLast()[1] - first[1];
		return elapsedNanos >= WINDOW.toNanos() && compiled < QUIET_SHARE * elapsedNanos / 1_000_000.0;
	}

	/** Total milliseconds the compilers have worked, or -1 when unknown. */
	long compiledMillis() {
		return available() ? this.compiledMillis.getAsLong() : -1;
	}

}
