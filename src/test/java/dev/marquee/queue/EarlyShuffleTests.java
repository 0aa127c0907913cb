package dev.marquee.queue;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.LongStream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The early joiners' shuffle gives every early joiner exactly one place, differently per
 * seed.
 */
class EarlyShuffleTests {

	@ParameterizedTest
	@ValueSource(longs = { 1, 2, 3, 7, 64, 1000, 4097, 50_000 })
	void everyEarlyJoinerGetsExactlyOnePlace(long n) {
		Set<Long> places = new HashSet<>();
		for (long i = 0; i < n; i++) {
			long place = EarlyShuffle.permute(i, n, "seed-" + n);
			assertThat(place).isBetween(0L, n - 1);
			places.add(place);
		}
		assertThat(places).hasSize((int) n);
	}

	@Test
	void theOrderDependsOnTheSeedAndIsNotArrivalOrder() {
		long[] one = LongStream.range(0, 100).map(i -> EarlyShuffle.permute(i, 100, "a")).toArray();
		long[] again = LongStream.range(0, 100).map(i -> EarlyShuffle.permute(i, 100, "a")).toArray();
		long[] other = LongStream.range(0, 100).map(i -> EarlyShuffle.permute(i, 100, "b")).toArray();
		assertThat(again).containsExactly(one);
		assertThat(other).isNotEqualTo(one);
		assertThat(one).isNotEqualTo(LongStream.range(0, 100).toArray());
	}

	@Test
	void anIndexOutsideTheEarlyJoinersIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> EarlyShuffle.permute(5, 5, "a"));
	}

}
