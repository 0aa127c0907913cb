package dev.marquee.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.yaml.snakeyaml.Yaml;

import static dev.marquee.deploy.Manifests.map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The settings Marquee has, for checking that an environment variable of a deployment
 * file binds to one: components of its {@code @ConfigurationProperties} records and the
 * names it reads (read from the sources as text), application.yml, and Spring Boot's
 * metadata in the areas Marquee uses.
 */
final class Settings {

	private Settings() {
	}

	/** Spring Boot's own settings that deployments may set: the areas Marquee uses. */
	static final List<String> FRAMEWORK_PREFIXES = List.of("spring.r2dbc.", "spring.data.redis.", "spring.rsocket.",
			"spring.lifecycle.", "spring.flyway.", "spring.mail.", "server.", "management.", "logging.");

	/** Environment variables for the JVM rather than for Spring. */
	static final Set<String> JVM_VARIABLES = Set.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "TZ");

	private static volatile Map<String, String> knownProperties;

	/**
	 * Environment variables application.yml names in placeholders, each with its setting.
	 */
	private static final Map<String, String> placeholders = new LinkedHashMap<>();

	private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]");

	static void assertBindToSettings(String where, Collection<String> names) throws IOException {
		List<String> unbound = new ArrayList<>();
		for (String name : names) {
			if (JVM_VARIABLES.contains(name)) {
				continue;
			}
			if (bindingProperty(name) == null) {
				unbound.add(name);
			}
		}
		assertThat(unbound).as("""
				environment variables in %s that bind to no setting of Marquee (its @ConfigurationProperties \
				records, application.yml, or Spring Boot's settings under %s)""", where, FRAMEWORK_PREFIXES).isEmpty();
	}

	/**
	 * The setting an environment variable binds to, by Spring Boot's relaxed binding: the
	 * property name upper-cased with dots as underscores and dashes removed (or, the
	 * legacy form, as underscores); {@code null} for none.
	 */
	static String bindingProperty(String variable) throws IOException {
		String named = placeholders().get(variable);
		if (named != null) {
			return named;
		}
		return knownProperties().entrySet()
			.stream()
			.filter(known -> environmentForms(known.getKey()).contains(variable))
			.map(Map.Entry::getKey)
			.findFirst()
			.orElse(null);
	}

	static Set<String> environmentForms(String property) {
		String upper = property.toUpperCase(Locale.ROOT).replace('.', '_');
		return new TreeSet<>(List.of(upper.replace("-", ""), upper.replace('-', '_')));
	}

	/** Environment variables application.yml reads in its placeholders. */
	static Map<String, String> placeholders() throws IOException {
		knownProperties();
		return placeholders;
	}

	/** Settings Marquee has, each with where it was found. */
	static Map<String, String> knownProperties() throws IOException {
		if (knownProperties == null) {
			Map<String, String> known = new LinkedHashMap<>();
			fromConfigurationProperties(known);
			flatten("", new Yaml().load(Files.readString(Path.of("src/main/resources/application.yml"))), known);
			fromSpringBootMetadata(known);
			knownProperties = known;
		}
		return knownProperties;
	}

	/**
	 * Each component of each {@code @ConfigurationProperties} record in src/main/java,
	 * each {@code ${...}} placeholder and each {@code @ConditionalOnProperty} name, read
	 * as text.
	 */
	static void fromConfigurationProperties(Map<String, String> known) throws IOException {
		Pattern annotation = Pattern
			.compile("@ConfigurationProperties\\(\\s*(?:(?:value|prefix)\\s*=\\s*)?\"([^\"]+)\"");
		Pattern placeholder = Pattern.compile("\\$\\{([a-z][a-z0-9.-]*[a-z0-9])");
		Pattern condition = Pattern.compile("@ConditionalOnProperty\\(([^)]*)\\)");
		try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
			for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
				String text = Files.readString(file);
				for (Matcher m = placeholder.matcher(text); m.find();) {
					known.putIfAbsent(m.group(1), file.toString());
				}
				for (Matcher m = condition.matcher(text); m.find();) {
					Matcher prefixOf = Pattern.compile("prefix\\s*=\\s*\"([^\"]+)\"").matcher(m.group(1));
					Matcher nameOf = Pattern.compile("(?:name|value)\\s*=\\s*\"([^\"]+)\"").matcher(m.group(1));
					if (nameOf.find()) {
						known.putIfAbsent((prefixOf.find() ? prefixOf.group(1) + "." : "") + nameOf.group(1),
								file.toString());
					}
				}
				String source = text.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"");
				Matcher prefix = annotation.matcher(text);
				if (!prefix.find()) {
					continue;
				}
				Map<String, List<String[]>> records = records(source);
				String root = records.keySet().stream().findFirst().orElse(null);
				if (root != null) {
					collect(prefix.group(1), root, records, known, file.toString(), 0);
				}
			}
		}
	}

	static void collect(String prefix, String record, Map<String, List<String[]>> records, Map<String, String> known,
			String file, int depth) {
		for (String[] component : records.get(record)) {
			String name = prefix + "." + kebab(component[1]);
			if (records.containsKey(component[0]) && depth < 5) {
				collect(name, component[0], records, known, file, depth + 1);
			}
			else {
				known.put(name, file);
			}
		}
	}

	/** Record name to its components (type, name), in the order of the file. */
	static Map<String, List<String[]>> records(String source) {
		Map<String, List<String[]>> records = new LinkedHashMap<>();
		Matcher header = Pattern.compile("\\brecord\\s+(\\w+)\\s*\\(").matcher(source);
		while (header.find()) {
			int depth = 1;
			int i = header.end();
			for (; i < source.length() && depth > 0; i++) {
				char c = source.charAt(i);
				depth += (c == '(') ? 1 : (c == ')') ? -1 : 0;
			}
			List<String[]> components = new ArrayList<>();
			for (String part : splitTopLevel(source.substring(header.end(), i - 1))) {
				String plain = part.replaceAll("@[\\w.]+(\\s*\\((?:[^()]|\\([^()]*\\))*\\))?", " ").trim();
				String[] words = plain.split("\\s+");
				if (words.length >= 2) {
					String type = words[words.length - 2].replaceAll("<.*", "");
					components.add(new String[] { type, words[words.length - 1] });
				}
			}
			records.put(header.group(1), components);
		}
		return records;
	}

	static List<String> splitTopLevel(String text) {
		List<String> parts = new ArrayList<>();
		int depth = 0;
		int start = 0;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '(' || c == '<') {
				depth++;
			}
			else if (c == ')' || c == '>') {
				depth--;
			}
			else if (c == ',' && depth == 0) {
				parts.add(text.substring(start, i));
				start = i + 1;
			}
		}
		parts.add(text.substring(start));
		return parts;
	}

	@SuppressWarnings("unchecked")
	static void flatten(String prefix, Object node, Map<String, String> known) {
		if (node instanceof Map<?, ?> children) {
			((Map<Object, Object>) children).forEach(
					(key, value) -> flatten(prefix.isEmpty() ? String.valueOf(key) : prefix + "." + key, value, known));
		}
		else {
			known.putIfAbsent(prefix, "application.yml");
			// a value such as ${STRIPE_SECRET_KEY:} binds that variable to this setting
			Matcher placeholder = PLACEHOLDER.matcher(String.valueOf(node));
			while (placeholder.find()) {
				placeholders.putIfAbsent(placeholder.group(1), prefix);
			}
		}
	}

	/**
	 * Spring Boot's documented settings (its configuration metadata), in the areas
	 * Marquee uses.
	 */
	static void fromSpringBootMetadata(Map<String, String> known) throws IOException {
		Pattern name = Pattern.compile("\"name\"\\s*:\\s*\"([a-z0-9.-]+)\"");
		Enumeration<URL> resources = Settings.class.getClassLoader()
			.getResources("META-INF/spring-configuration-metadata.json");
		int files = 0;
		while (resources.hasMoreElements()) {
			URL url = resources.nextElement();
			files++;
			try (InputStream in = url.openStream()) {
				Matcher m = name.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
				while (m.find()) {
					String property = m.group(1);
					if (FRAMEWORK_PREFIXES.stream().anyMatch(property::startsWith)) {
						known.putIfAbsent(property, url.toString());
					}
				}
			}
		}
		assertThat(files).as("Spring Boot's configuration metadata on the test class path").isPositive();
	}

	static String kebab(String camel) {
		return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
	}

	static String applicationSetting(String property) {
		try {
			Object node = new Yaml().load(Files.readString(Path.of("src/main/resources/application.yml")));
			for (String key : property.split("\\.")) {
				node = map(node).get(key);
			}
			assertThat(node).as("%s in application.yml", property).isNotNull();
			return String.valueOf(node);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
