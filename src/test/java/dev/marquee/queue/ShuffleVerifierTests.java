package dev.marquee.queue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The buyers' verifiers compute the server's shuffle: the Node script
 * ({@code scripts/verify-queue-place.mjs}) agrees with {@link EarlyShuffle} on hundreds
 * of random cases, and the fixed vectors the queue page's own verifier is tested with
 * ({@code frontend/test/fixtures/early-shuffle-vectors.json}) are the server's answers.
 */
class ShuffleVerifierTests {

	@Test
	void theNodeVerifierAgreesWithTheServersShuffle() throws Exception {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		List<List<Object>> cases = new ArrayList<>();
		for (int i = 0; i < 400; i++) {
			// small queues, powers of two and their neighbours (the Feistel's edges), big
			// ones
			long n = switch (i % 4) {
				case 0 -> random.nextLong(1, 40);
				case 1 -> (1L << random.nextInt(1, 21)) + random.nextLong(-1, 2);
				case 2 -> random.nextLong(1, 100_000);
				default -> random.nextLong(1, 5_000_000);
			};
			cases.add(List.of(random.nextLong(n), n, ShuffleSeed.random().seed()));
		}
		List<Long> places = runNode(JsonMapper.shared().writeValueAsString(cases));
		assertThat(places).hasSize(cases.size());
		for (int i = 0; i < cases.size(); i++) {
			List<Object> c = cases.get(i);
			assertThat(places.get(i)).as("case %s", c)
				.isEqualTo(EarlyShuffle.permute((Long) c.get(0), (Long) c.get(1), (String) c.get(2)));
		}
	}

	@Test
	void theQueuePagesVectorsAreTheServersAnswers() throws Exception {
		List<Map<String, Object>> vectors = JsonMapper.shared()
			.readValue(Path.of("frontend/test/fixtures/early-shuffle-vectors.json").toFile(), new TypeReference<>() {
			});
		assertThat(vectors).hasSizeGreaterThan(50);
		for (Map<String, Object> v : vectors) {
			String seed = (String) v.get("seed");
			long place = EarlyShuffle.permute(((Number) v.get("index")).longValue(), ((Number) v.get("n")).longValue(),
					seed);
			assertThat(place).as("vector %s", v).isEqualTo(((Number) v.get("place")).longValue());
			assertThat(ShuffleSeed.commitment(seed)).isEqualTo(v.get("commitment"));
		}
	}

	private static List<Long> runNode(String input) throws Exception {
		File out = Files.createTempFile("places", ".json").toFile();
		out.deleteOnExit();
		Process node = new ProcessBuilder("node", "scripts/verify-queue-place.mjs", "--batch").redirectOutput(out)
			.redirectError(ProcessBuilder.Redirect.INHERIT)
			.start();
		node.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
		node.getOutputStream().close();
		assertThat(node.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(node.exitValue()).isZero();
		return JsonMapper.shared().readValue(out, new TypeReference<>() {
		});
	}

}
