package dev.marquee.warmup;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compilers count as quiet only after a whole window in which they worked less than 5
 * % of a core.
 */
class CompilerWatchTests {

	private static final long SECOND = 1_000_000_000L;

	private final AtomicLong compiled = new AtomicLong();

	private final CompilerWatch watch = new CompilerWatch(compiled::get);

	@Test
	void isNotQuietWhileTheCompilersWork() {
		for (int s = 0; s <= 20; s++) {
			assertThat(watch.quiet(s * SECOND)).as("second %d", s).isFalse();
			// 600 ms of compiling a second: 60 % of a core
			compiled.addAndGet(600);
		}
	}

	@Test
	void isQuietOnceAWholeWindowPassedWithLittleCompiling() {
		for (int s = 0; s < 10; s++) {
			assertThat(watch.quiet(s * SECOND)).isFalse();
			compiled.addAndGet(900);
		}
		// from second 10 on, 20 ms a second (2 %): quiet once 5 quiet seconds are behind
		boolean quietAt15 = false;
		for (int s = 10; s <= 15; s++) {
			boolean quiet = watch.quiet(s * SECOND);
			if (s < 15) {
				assertThat(quiet).as("second %d, the busy seconds still in the window", s).isFalse();
			}
			else {
				quietAt15 = quiet;
			}
			compiled.addAndGet(20);
		}
		assertThat(quietAt15).as("five quiet seconds behind").isTrue();
	}

	@Test
	void isNotQuietBeforeAWholeWindowWasSeen() {
		assertThat(watch.quiet(0)).isFalse();
		assertThat(watch.quiet(2 * SECOND)).isFalse();
		assertThat(watch.quiet(4 * SECOND)).isFalse();
	}

	@Test
	void takesAtMostOneReadingASecond() {
		watch.quiet(0);
		compiled.addAndGet(10_000);
		// readings closer than a second apart are not taken, so a window needs real time
		for (long t = 1; t < 20; t++) {
			assertThat(watch.quiet(t * SECOND / 10)).isFalse();
		}
	}

	@Test
	void isNeverQuietWhenTheJvmCannotSay() {
		CompilerWatch blind = new CompilerWatch(null);
		for (int s = 0; s <= 20; s++) {
			assertThat(blind.quiet(s * SECOND)).isFalse();
		}
	}

}
