package dev.marquee.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static dev.marquee.deploy.Settings.applicationSetting;
import static dev.marquee.deploy.Manifests.LIVENESS;
import static dev.marquee.deploy.Manifests.args;
import static dev.marquee.deploy.Manifests.dockerInstructions;
import static dev.marquee.deploy.Manifests.indexOfContaining;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Dockerfile builds in stages and runs the application's layers as a non-root user,
 * with the JVM's ahead-of-time cache trained in the runtime image.
 * <p>
 * A plain unit test: it reads files and runs kubectl, it starts nothing (no Spring
 * context, no Docker engine, no cluster), and it uses no application class.
 */
class DockerfileTests {

	@Test
	void dockerfileBuildsInStagesAndRunsTheLayersAsNonRoot() throws IOException {
		List<String[]> instructions = dockerInstructions(Files.readString(Path.of("Dockerfile")));
		List<Integer> froms = new ArrayList<>();
		for (int i = 0; i < instructions.size(); i++) {
			if (instructions.get(i)[0].equals("FROM")) {
				froms.add(i);
			}
		}
		assertThat(froms).as("a multi-stage build").hasSizeGreaterThanOrEqualTo(2);
		List<String[]> build = instructions.subList(froms.get(0), froms.get(1));
		List<String[]> last = instructions.subList(froms.get(froms.size() - 1), instructions.size());

		assertThat(args(build, "RUN")).anySatisfy(run -> assertThat(run).contains("./mvnw").contains("package"));
		assertThat(args(build, "RUN"))
			.anySatisfy(run -> assertThat(run).contains("-Djarmode=tools").contains("extract").contains("--layers"));
		assertThat(last.get(0)[1]).as("the runtime image").contains("jre");

		List<String> users = args(last, "USER");
		assertThat(users).as("the final stage sets a user").isNotEmpty();
		String user = users.get(users.size() - 1).split(":")[0].trim();
		assertThat(user).as("the final stage's user").isNotIn("root", "0");

		String exposed = String.join(" ", args(last, "EXPOSE"));
		assertThat(exposed.split("\\s+")).contains(applicationSetting("server.port"),
				applicationSetting("spring.rsocket.server.port"));
		assertThat(args(last, "HEALTHCHECK")).singleElement().asString().contains("CMD").contains(LIVENESS);
		assertThat(args(last, "ENTRYPOINT")).singleElement()
			.asString()
			.contains("MaxRAMPercentage")
			.contains("ExitOnOutOfMemoryError")
			.contains("-XX:AOTCache=app.aot")
			.contains("application.jar");
		// the cache is trained in the image it is used in: same JVM, same jars
		assertThat(args(last, "RUN")).anySatisfy(run -> assertThat(run).contains("-XX:AOTCacheOutput=app.aot")
			.contains("-Dspring.context.exit=onRefresh")
			.contains("application.jar"));

		// dependencies before the application: a code change rebuilds only the last layer
		List<String> copies = args(last, "COPY");
		int dependencies = indexOfContaining(copies, "/dependencies");
		int application = indexOfContaining(copies, "/application");
		assertThat(dependencies).as("COPY of the dependencies layer").isNotNegative();
		assertThat(application).as("COPY of the application layer").isGreaterThan(dependencies);

		String ignored = Files.readString(Path.of(".dockerignore"));
		assertThat(ignored.lines().map(String::strip)).contains("target/", ".git")
			.anySatisfy(line -> assertThat(line).contains("node_modules"));
	}

}
