package dev.marquee.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.junit.jupiter.api.Test;

import static dev.marquee.deploy.Manifests.at;
import static dev.marquee.deploy.Manifests.kustomize;
import static dev.marquee.deploy.Manifests.list;
import static dev.marquee.deploy.Manifests.marqueeContainer;
import static dev.marquee.deploy.Manifests.named;
import static dev.marquee.deploy.Manifests.one;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What each Kustomize overlay changes: prod runs at least three pinned replicas, dev one
 * small replica with a generated secret.
 * <p>
 * A plain unit test: it reads files and runs kubectl, it starts nothing (no Spring
 * context, no Docker engine, no cluster), and it uses no application class.
 */
class KustomizeOverlayTests {

	@Test
	void prodRunsAtLeastThreePinnedReplicasOnItsHost() {
		List<Map<String, Object>> docs = kustomize("prod");
		Map<String, Object> deployment = one(docs, "Deployment");
		assertThat((Integer) at(deployment, "spec", "replicas")).isGreaterThanOrEqualTo(3);
		assertThat((Integer) at(one(docs, "HorizontalPodAutoscaler"), "spec", "minReplicas")).isGreaterThanOrEqualTo(3);
		assertThat((Integer) at(one(docs, "HorizontalPodAutoscaler"), "spec", "maxReplicas"))
			.isGreaterThanOrEqualTo(12);
		String image = String.valueOf(marqueeContainer(deployment).get("image"));
		assertThat(image).as("a pinned image")
			.containsPattern("(:[\\w][\\w.-]*|@sha256:[0-9a-f]{64})$")
			.doesNotEndWith(":latest");
		assertThat(String.valueOf(at(named(docs, "Ingress", "marquee"), "spec", "rules"))).contains("host=");
		assertThat(at(one(docs, "PodDisruptionBudget"), "spec", "minAvailable")).isInstanceOf(Integer.class);
		assertThat((Integer) at(one(docs, "PodDisruptionBudget"), "spec", "minAvailable")).isGreaterThanOrEqualTo(1);
		assertThat(docs.stream().map(Manifests::kind)).as("prod secrets are not in Git").doesNotContain("Secret");
	}

	@Test
	void devRunsOneSmallReplicaAndKeepsNoSecretInGit() throws IOException {
		List<Map<String, Object>> docs = kustomize("dev");
		Map<String, Object> deployment = one(docs, "Deployment");
		assertThat((Integer) at(deployment, "spec", "replicas")).isEqualTo(1);
		String secretName = list(marqueeContainer(deployment).get("envFrom")).stream()
			.map(source -> (String) at(source, "secretRef", "name"))
			.filter(Objects::nonNull)
			.findFirst()
			.orElseThrow();
		assertThat(docs.stream().map(Manifests::kind)).as("dev secrets are not in Git either").doesNotContain("Secret");
		// made by hand, random, as the overlay's notes say
		assertThat(Files.readString(Path.of("k8s/overlays/dev/kustomization.yaml")))
			.contains("create secret generic " + secretName)
			.contains("--from-literal=MARQUEE_QUEUE_ADMISSION_SECRET=\"$(openssl rand")
			.contains("--from-literal=MARQUEE_TICKET_CODE_SECRET=\"$(openssl rand")
			.as("no token secret to make: sign-in is Keycloak's")
			.doesNotContain("MARQUEE_SECURITY_JWT_SECRET");
	}

}
