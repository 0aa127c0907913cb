package dev.marquee.shared.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import org.springdoc.core.customizers.OpenApiCustomizer;
import tools.jackson.databind.json.JsonMapper;

import dev.marquee.shared.web.ApiOperations.Access;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document (docs/openapi.yaml, served at /v3/api-docs): springdoc reads the
 * controllers, and this adds what it cannot know, in one place rather than as annotations
 * on every controller: the bearer scheme on every operation that needs a token, each
 * operation's RFC 9457 problem responses with examples ({@link ApiOperations},
 * {@link ApiProblemCatalogue}), stable operation ids, path ids as plain strings and which
 * response fields are always present ({@link ApiSchemas}).
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	static final String BEARER = "bearerAuth";

	static final String PROBLEM_JSON = "application/problem+json";

	@Bean
	OpenAPI marqueeOpenApi() {
		return new OpenAPI()
			.info(new Info().title("Marquee API")
				.version("v1")
				.description("Ticket booking with live seat maps. The contract in words is docs/API.md; the live "
						+ "streams (WebSocket, Server-Sent Events, RSocket) and Kafka topics are docs/asyncapi.yaml. "
						+ "Every failure is an RFC 9457 problem whose type ends in a stable slug.")
				.license(new License().name("Apache-2.0")))
			// relative: the committed document must not depend on its host
			.servers(List.of(new Server().url("/")))
			.components(new Components().addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP)
				.scheme("bearer")
				.bearerFormat("JWT")
				.description("JWT from the OpenID Connect provider (RS256 or ES256, for Marquee's audience), or "
						+ "HS256 with the shared secret in the demo: `sub` is the user id, the roles claim "
						+ "(marquee.security.roles-claim) holds ADMIN, SCANNER or METRICS; `exp` is required. The "
						+ "demo profile mints one at POST /api/v1/dev/token.")));
	}

	@Bean
	ModelConverter marqueeSchemaNames() {
		return ApiSchemas::resolve;
	}

	@Bean
	OpenApiCustomizer marqueeContract(JsonMapper json) {
		return openApi -> {
			openApi.getPaths()
				.forEach((path, item) -> item.readOperationsMap()
					.forEach((method, operation) -> describe(method, path, operation, json)));
			// here, not on the bean: springdoc drops the bean's schemas
			ApiProblemCatalogue.addSchemasAndExamples(openApi.getComponents());
			ApiSchemas.markAlwaysPresent(openApi.getComponents().getSchemas());
		};
	}

	private static void describe(PathItem.HttpMethod method, String path, Operation operation, JsonMapper json) {
		if (operation.getParameters() != null) {
			for (Parameter parameter : operation.getParameters()) {
				if ("path".equals(parameter.getIn())) {
					// typed ids at the web edge are still plain strings on the wire
					parameter.schema(new StringSchema());
				}
				if ("header".equals(parameter.getIn()) && ApiOperations.HEADERS.containsKey(parameter.getName())) {
					parameter.description(ApiOperations.HEADERS.get(parameter.getName()))
						.required(parameter.getName().equals(ApiOperations.REQUIRED_HEADER));
				}
			}
		}
		ApiOperations.Operation known = ApiOperations.find(method.name(), path);
		if (known == null) {
			return;
		}
		operation.operationId(known.id()).summary(known.summary()).tags(List.of(ApiOperations.tagOf(path)));
		if (known.access() != Access.PUBLIC) {
			operation.security(List.of(new SecurityRequirement().addList(BEARER)));
		}
		if (known.access().roles() != null) {
			operation.description("Needs a bearer token with the " + known.access().roles() + " role.");
		}
		if (known.exampleBody() != null && operation.getRequestBody() != null) {
			Object example = json.readValue(known.exampleBody(), Object.class);
			operation.getRequestBody().getContent().values().forEach(media -> media.example(example));
		}
		ApiResponses responses = new ApiResponses();
		// springdoc's success answer (200, or 201 for @ResponseStatus), with its content
		ApiResponse ok = operation.getResponses()
			.entrySet()
			.stream()
			.filter(response -> response.getKey().startsWith("2"))
			.map(Map.Entry::getValue)
			.findFirst()
			.orElseGet(ApiResponse::new);
		String streamed = ApiOperations.STREAMED.get(known.id());
		if (streamed != null) {
			ok.content(new Content().addMediaType(streamed, new MediaType().schema(new StringSchema())));
		}
		for (String status : ApiOperations.SUCCESS.getOrDefault(known.id(), List.of("200"))) {
			String reason = ApiProblemCatalogue.title(Integer.parseInt(status));
			ApiResponse success = status.equals("204") ? new ApiResponse().description(reason)
					: new ApiResponse().description(reason).content(ok.getContent());
			ApiOperations.RESPONSE_HEADERS.getOrDefault(known.id(), List.of())
				.forEach(name -> success.addHeaderObject(name, header(name)));
			responses.addApiResponse(status, success);
		}
		problemsOf(known, operation).forEach((status, slugs) -> responses.addApiResponse(status, problem(slugs)));
		operation.responses(responses);
	}

	/**
	 * The operation's own problems and those every operation of its kind shares, by
	 * status.
	 */
	private static Map<String, List<String>> problemsOf(ApiOperations.Operation known, Operation operation) {
		List<String> slugs = new ArrayList<>();
		if (operation.getRequestBody() != null) {
			slugs.addAll(List.of("validation", "malformed-request", "payload-too-large", "unsupported-media-type"));
		}
		if (known.access() != Access.PUBLIC) {
			slugs.add("unauthorized");
		}
		if (known.access().roles() != null) {
			slugs.add("forbidden");
		}
		slugs.addAll(known.problems());
		slugs.addAll(List.of("internal", "service-unavailable"));
		Map<String, List<String>> byStatus = new TreeMap<>();
		slugs.stream()
			.distinct()
			.forEach(slug -> byStatus
				.computeIfAbsent(String.valueOf(ApiProblemCatalogue.entry(slug).status()), s -> new ArrayList<>())
				.add(slug));
		return byStatus;
	}

	private static Header header(String name) {
		return new Header().description(ApiOperations.HEADERS.get(name))
			.schema(name.equals("Retry-After") ? new IntegerSchema() : new StringSchema());
	}

	private static ApiResponse problem(List<String> slugs) {
		Map<String, Example> examples = new LinkedHashMap<>();
		slugs.forEach(slug -> examples.put(slug, new Example().$ref("#/components/examples/" + slug)));
		int status = ApiProblemCatalogue.entry(slugs.get(0)).status();
		String description = ApiProblemCatalogue.title(status) + ": " + String.join(", ", slugs);
		ApiResponse response = new ApiResponse().description(description);
		if (status == 429 || status == 503) {
			response.addHeaderObject("Retry-After", header("Retry-After"));
		}
		return response.content(new Content().addMediaType(PROBLEM_JSON,
				new MediaType().schema(new Schema<>().$ref("#/components/schemas/Problem")).examples(examples)));
	}

}
