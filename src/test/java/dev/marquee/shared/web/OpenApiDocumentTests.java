package dev.marquee.shared.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.marquee.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The committed OpenAPI document (docs/openapi.yaml) is the one the code generates, and
 * docs/API.md names each of its problem slugs, so the contract in the repository never
 * drifts from the server; the browser's types are generated from the document
 * (frontend/src/generated/api.ts). After a change to the API, regenerate it with
 * {@code ./mvnw test -Dtest=OpenApiDocumentTests -Dmarquee.openapi.write=true} (add
 * {@code -Dfrontend.skip -Dfrontend.skip.tests} to leave the UI out), then
 * {@code cd frontend && npm run generate:api}.
 */
class OpenApiDocumentTests extends IntegrationTest {

	static final Path DOCUMENT = Path.of("docs/openapi.yaml");

	@Test
	void theCommittedDocumentIsTheGeneratedOne() throws IOException {
		String generated = http().get()
			.uri("/v3/api-docs.yaml")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		if (Boolean.getBoolean("marquee.openapi.write")) {
			Files.writeString(DOCUMENT, generated, StandardCharsets.UTF_8);
		}
		String committed = Files.exists(DOCUMENT) ? Files.readString(DOCUMENT, StandardCharsets.UTF_8) : "";
		assertThat(committed)
			.withFailMessage("docs/openapi.yaml is not what the code generates: run ./mvnw test "
					+ "-Dtest=OpenApiDocumentTests -Dmarquee.openapi.write=true, then (cd frontend && npm run "
					+ "generate:api), and commit both")
			.isEqualTo(generated);
	}

	@Test
	void everyOperationHasAnIdProblemsAndTheSecurityItNeeds() {
		JsonNode document = JsonMapper.shared()
			.readTree(http().get()
				.uri("/v3/api-docs")
				.exchange()
				.expectBody(String.class)
				.returnResult()
				.getResponseBody());
		List<String> uncatalogued = new ArrayList<>();
		for (Map.Entry<String, JsonNode> path : document.get("paths").properties()) {
			for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
				ApiOperations.Operation known = ApiOperations.find(operation.getKey(), path.getKey());
				if (known == null) {
					uncatalogued.add(operation.getKey().toUpperCase() + " " + path.getKey());
					continue;
				}
				JsonNode op = operation.getValue();
				assertThat(op.get("operationId").asString()).isEqualTo(known.id());
				assertThat(op.has("security")).as(known.key()).isEqualTo(known.access() != ApiOperations.Access.PUBLIC);
				assertThat(op.get("responses").get("500").get("content").has("application/problem+json")).isTrue();
			}
		}
		assertThat(uncatalogued).withFailMessage("Operations missing from ApiOperations: %s", uncatalogued).isEmpty();
		assertThat(document.at("/components/securitySchemes/bearerAuth/scheme").asString()).isEqualTo("bearer");
	}

	@Test
	void theContractInWordsNamesEveryProblemTheDocumentDoes() throws IOException {
		String contract = Files.readString(Path.of("docs/API.md"), StandardCharsets.UTF_8);
		assertThat(ApiProblemCatalogue.slugs()).allSatisfy(slug -> assertThat(contract).contains("`" + slug + "`"));
	}

}
