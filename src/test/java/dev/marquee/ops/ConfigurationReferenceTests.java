package dev.marquee.ops;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's settings table and the settings metadata the configuration processor
 * writes ({@code META-INF/spring-configuration-metadata.json}, from the properties
 * records' javadoc and {@code additional-spring-configuration-metadata.json}) name the
 * same {@code marquee.*} settings, each with a description; every {@code marquee.*}
 * setting the sources read by name is among them.
 */
class ConfigurationReferenceTests {

	private static final Pattern README_ROW = Pattern.compile("^\\| `(marquee\\.[a-z0-9.-]+)` \\|", Pattern.MULTILINE);

	private static final Pattern READ_BY_NAME = Pattern.compile("(?:\\$\\{|name = \")(marquee\\.[a-z0-9.-]*[a-z0-9])");

	@Test
	void theReadmeDocumentsExactlyTheSettingsInTheMetadata() throws IOException {
		Map<String, String> metadata = metadata();
		// the processor ran (an empty file would pass vacuously)
		assertThat(metadata).hasSizeGreaterThan(40)
			.containsKeys("marquee.queue.admission-ttl", "marquee.live.kafka.topic");
		assertThat(readme()).as("settings in the README's table").isEqualTo(new TreeSet<>(metadata.keySet()));
	}

	@Test
	void everySettingHasADescription() throws IOException {
		assertThat(metadata())
			.allSatisfy((name, description) -> assertThat(description).as("description of %s", name).isNotBlank());
	}

	@Test
	void everySettingReadByNameIsInTheMetadata() throws IOException {
		assertThat(readByName()).isNotEmpty().isSubsetOf(metadata().keySet());
	}

	/** Every {@code marquee.*} property of the metadata, with its description. */
	private static Map<String, String> metadata() throws IOException {
		try (InputStream in = new ClassPathResource("META-INF/spring-configuration-metadata.json").getInputStream()) {
			Map<String, String> properties = new TreeMap<>();
			for (JsonNode property : JsonMapper.builder().build().readTree(in).get("properties")) {
				String name = property.get("name").asString();
				if (name.startsWith("marquee.")) {
					properties.put(name, property.path("description").asString(""));
				}
			}
			return properties;
		}
	}

	private static TreeSet<String> readme() throws IOException {
		Matcher rows = README_ROW.matcher(Files.readString(Path.of("README.md")));
		TreeSet<String> names = new TreeSet<>();
		while (rows.find()) {
			names.add(rows.group(1));
		}
		return names;
	}

	/**
	 * Settings named in {@code ${...}} placeholders and
	 * {@code @ConditionalOnProperty(name = ...)}.
	 */
	private static List<String> readByName() throws IOException {
		List<String> names = new ArrayList<>();
		try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
			for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
				Matcher m = READ_BY_NAME.matcher(Files.readString(file));
				while (m.find()) {
					names.add(m.group(1));
				}
			}
		}
		return names;
	}

}
