package dev.marquee.deploy;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.Tag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Reading the deployment files: docker-compose.yml (alone or with an override file) and
 * the Dockerfile as parsed structures, the Kustomize overlays rendered with
 * {@code kubectl kustomize} (once per overlay), and small helpers to walk the YAML.
 */
final class Manifests {

	private Manifests() {
	}

	static final List<String> COMPOSE_NODES = List.of("marquee-1", "marquee-2");

	static final String LIVENESS = "/actuator/health/liveness";

	static final String READINESS = "/actuator/health/readiness";

	private static final Map<String, List<Map<String, Object>>> rendered = new ConcurrentHashMap<>();

	/** Where an override file says {@code !reset}: the key is removed from the model. */
	static final Object RESET = new Object() {
		@Override
		public String toString() {
			return "!reset";
		}
	};

	static Map<String, Object> compose() throws IOException {
		return map(new Yaml().load(Files.readString(Path.of("docker-compose.yml"))));
	}

	/**
	 * docker-compose.yml with override files on top, as {@code docker compose -f
	 * docker-compose.yml -f <override>...} merges them: mappings merge key by key, a
	 * {@code !reset} value removes its key, anything else replaces what was there.
	 * (Compose appends a few sequences, such as ports, instead of replacing them; the
	 * override files here override none of those.)
	 */
	static Map<String, Object> compose(String... overrides) throws IOException {
		Object model = compose();
		for (String override : overrides) {
			model = merge(model, overrideFile(override));
		}
		return map(model);
	}

	/** A compose override file as written, {@code !reset} values as {@link #RESET}. */
	static Map<String, Object> overrideFile(String file) throws IOException {
		return map(new Yaml(new ComposeTags()).load(Files.readString(Path.of(file))));
	}

	static Object merge(Object base, Object override) {
		if (base instanceof Map<?, ?> lower && override instanceof Map<?, ?> upper) {
			Map<String, Object> merged = new LinkedHashMap<>();
			lower.forEach((k, v) -> merged.put(String.valueOf(k), v));
			upper.forEach((k, v) -> {
				if (v == RESET) {
					merged.remove(String.valueOf(k));
				}
				else {
					merged.put(String.valueOf(k), merge(merged.get(String.valueOf(k)), v));
				}
			});
			return merged;
		}
		return override;
	}

	/** Compose's {@code !reset} tag, which plain YAML parsing refuses. */
	private static final class ComposeTags extends SafeConstructor {

		ComposeTags() {
			super(new LoaderOptions());
			this.yamlConstructors.put(new Tag("!reset"), new AbstractConstruct() {
				@Override
				public Object construct(Node node) {
					return RESET;
				}
			});
		}

	}

	/**
	 * A compose service's environment, whether written as a map or as KEY=VALUE lines.
	 */
	static Map<String, String> environment(Object service) {
		Object environment = map(service).get("environment");
		Map<String, String> variables = new LinkedHashMap<>();
		if (environment instanceof Map<?, ?> entries) {
			entries.forEach((k, v) -> variables.put(String.valueOf(k), v == null ? null : String.valueOf(v)));
		}
		else {
			for (Object line : list(environment)) {
				String[] pair = String.valueOf(line).split("=", 2);
				variables.put(pair[0], pair.length > 1 ? pair[1] : null);
			}
		}
		return variables;
	}

	/**
	 * The Dockerfile as instructions (keyword, arguments), continuation lines joined,
	 * comments dropped.
	 */
	static List<String[]> dockerInstructions(String dockerfile) {
		List<String[]> instructions = new ArrayList<>();
		StringBuilder current = new StringBuilder();
		for (String line : dockerfile.lines().toList()) {
			String trimmed = line.strip();
			if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.isEmpty())) {
				continue;
			}
			if (trimmed.endsWith("\\")) {
				current.append(trimmed, 0, trimmed.length() - 1).append(' ');
				continue;
			}
			current.append(trimmed);
			String[] parts = current.toString().strip().split("\\s+", 2);
			instructions.add(new String[] { parts[0].toUpperCase(Locale.ROOT), parts.length > 1 ? parts[1] : "" });
			current.setLength(0);
		}
		return instructions;
	}

	static List<String> args(List<String[]> instructions, String keyword) {
		return instructions.stream().filter(i -> i[0].equals(keyword)).map(i -> i[1]).toList();
	}

	static int indexOfContaining(List<String> items, String text) {
		for (int i = 0; i < items.size(); i++) {
			if (items.get(i).contains(text)) {
				return i;
			}
		}
		return -1;
	}

	/** {@code kubectl kustomize k8s/overlays/<overlay>}, as YAML documents. */
	static List<Map<String, Object>> kustomize(String overlay) {
		return rendered.computeIfAbsent(overlay, name -> {
			String kubectl = kubectl();
			String output = run(kubectl, "kustomize", Path.of("k8s", "overlays", name).toString());
			List<Map<String, Object>> docs = new ArrayList<>();
			for (Object doc : new Yaml().loadAll(output)) {
				if (doc != null) {
					docs.add(map(doc));
				}
			}
			assertThat(docs).as("documents rendered from k8s/overlays/%s", name).isNotEmpty();
			return docs;
		});
	}

	static String kubectl() {
		String found = null;
		for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
			Path candidate = Path.of(dir, "kubectl");
			if (!dir.isEmpty() && Files.isExecutable(candidate)) {
				found = candidate.toString();
				break;
			}
		}
		if (found == null) {
			fail("""
					kubectl is not on the PATH: these tests render k8s/overlays with `kubectl kustomize`. \
					Install kubectl 1.21 or newer (its built-in kustomize must be v4+): the machine image's \
					apt package `kubectl`, or a kubectl from your Kubernetes distribution. (Debian bookworm's \
					`kubernetes-client` package is kubectl 1.20 with kustomize v2, too old for these files.)""");
		}
		String version = run(found, "version", "--client");
		Matcher kustomize = Pattern.compile("Kustomize Version: v(\\d+)").matcher(version);
		if (!kustomize.find() || Integer.parseInt(kustomize.group(1)) < 4) {
			fail("""
					%s has no kustomize v4 or newer built in (it says: %s). Install kubectl 1.21 or newer \
					(Debian bookworm's `kubernetes-client` is 1.20, too old).""".formatted(found, version.strip()));
		}
		return found;
	}

	static String run(String... command) {
		try {
			Path errors = Files.createTempFile("kubectl", ".err");
			try {
				Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
				process.getOutputStream().close();
				byte[] out = process.getInputStream().readAllBytes();
				if (!process.waitFor(60, TimeUnit.SECONDS)) {
					process.destroyForcibly();
					fail("%s did not finish in 60 s", String.join(" ", command));
				}
				if (process.exitValue() != 0) {
					fail("%s failed (exit %d): %s", String.join(" ", command), process.exitValue(),
							Files.readString(errors));
				}
				return new String(out, StandardCharsets.UTF_8);
			}
			finally {
				Files.deleteIfExists(errors);
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("could not run " + String.join(" ", command), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	static String kind(Map<String, Object> doc) {
		return String.valueOf(doc.get("kind"));
	}

	static String name(Map<String, Object> doc) {
		return String.valueOf(map(doc.get("metadata")).get("name"));
	}

	static Map<String, Object> one(List<Map<String, Object>> docs, String kind) {
		List<Map<String, Object>> found = docs.stream().filter(doc -> kind.equals(kind(doc))).toList();
		assertThat(found).as("one %s", kind).hasSize(1);
		return found.get(0);
	}

	static Map<String, Object> named(List<Map<String, Object>> docs, String kind, String name) {
		return docs.stream().filter(doc -> kind.equals(kind(doc)) && name.equals(name(doc))).findFirst().orElse(null);
	}

	static Map<String, Object> marqueeContainer(Map<String, Object> deployment) {
		List<Object> containers = list(at(deployment, "spec", "template", "spec", "containers"));
		assertThat(containers).as("containers of the Deployment").isNotEmpty();
		return containers.stream()
			.map(Manifests::map)
			.filter(c -> "marquee".equals(c.get("name")))
			.findFirst()
			.orElse(map(containers.get(0)));
	}

	static Object at(Object node, String... path) {
		for (String key : path) {
			if (!(node instanceof Map<?, ?> children)) {
				return null;
			}
			node = children.get(key);
		}
		return node;
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> map(Object node) {
		return node instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
	}

	@SuppressWarnings("unchecked")
	static List<Object> list(Object node) {
		return node instanceof List<?> l ? (List<Object>) l : List.of();
	}

}
