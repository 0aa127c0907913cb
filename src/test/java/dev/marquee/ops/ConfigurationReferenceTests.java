package dev.marquee.ops;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's configuration reference names every {@code marquee.*} setting the code reads:
 * each component of each {@code @ConfigurationProperties} record, and each
 * {@code ${marquee...}} placeholder in the sources.
 */
class ConfigurationReferenceTests {

	@Test
	void everyMarqueeSettingIsInTheReadme() throws Exception {
		String readme = Files.readString(Path.of("README.md"));
		List<String> settings = new ArrayList<>(fromPropertiesRecords());
		settings.addAll(fromPlaceholders());
		// the scan found the records (a broken scan would pass vacuously)
		assertThat(settings).hasSizeGreaterThan(40).contains("marquee.queue.admission-ttl", "marquee.live.kafka.topic");
		assertThat(settings).allSatisfy(name -> assertThat(readme).as("README mentions %s", name).contains("`" + name + "`"));
	}

	private static List<String> fromPropertiesRecords() throws ClassNotFoundException {
		var scanner = new ClassPathScanningCandidateComponentProvider(false);
		scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
		List<String> names = new ArrayList<>();
		for (var candidate : scanner.findCandidateComponents("dev.marquee")) {
			Class<?> type = Class.forName(candidate.getBeanClassName());
			String prefix = type.getAnnotation(ConfigurationProperties.class).value();
			if (prefix.startsWith("marquee.") && type.isRecord()) {
				collect(prefix, type, names);
			}
		}
		return names;
	}

	private static void collect(String prefix, Class<?> record, List<String> names) {
		for (RecordComponent component : record.getRecordComponents()) {
			String name = prefix + "." + kebab(component.getName());
			if (component.getType().isRecord()) {
				collect(name, component.getType(), names);
			}
			else {
				names.add(name);
			}
		}
	}

	private static List<String> fromPlaceholders() throws IOException {
		Pattern placeholder = Pattern.compile("\\$\\{(marquee\\.[a-z0-9.-]+)");
		List<String> names = new ArrayList<>();
		try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
			for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
				Matcher m = placeholder.matcher(Files.readString(file));
				while (m.find()) {
					names.add(m.group(1));
				}
			}
		}
		return names;
	}

	private static String kebab(String camel) {
		return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
	}

}
