package dev.marquee.shared.web;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The HTTP operations of docs/API.md as the OpenAPI document names them: a stable
 * operation id, who may call it (as security/SecurityConfiguration decides), the problems
 * it answers beyond those every operation shares, and an example request body.
 * {@link OpenApiConfiguration} applies them; {@code OpenApiDocumentTests} fails when an
 * operation is missing here.
 */
final class ApiOperations {

	enum Access {

		PUBLIC, USER, ADMIN("ADMIN"), SCANNER("SCANNER"), SCANNER_OR_ADMIN("SCANNER or ADMIN");

		private final String roles;

		Access() {
			this(null);
		}

		Access(String roles) {
			this.roles = roles;
		}

		/** The roles a token needs, as the document says it; null when none. */
		String roles() {
			return roles;
		}

	}

	record Operation(String method, String path, String id, Access access, String summary, List<String> problems,
			String exampleBody) {

		String key() {
			return key(method, path);
		}

		static String key(String method, String path) {
			return method.toUpperCase() + " " + path;
		}

		/**
		 * An operation of the table: its path after /api/v1, and its problems as slugs
		 * apart by spaces, each of which must be in the catalogue.
		 */
		static Operation op(String method, String path, String id, Access access, String summary, String problems,
				String exampleBody) {
			List<String> slugs = problems.isBlank() ? List.of() : List.of(problems.split(" "));
			slugs.forEach(ApiProblemCatalogue::entry);
			return new Operation(method, V1 + path, id, access, summary, slugs, exampleBody);
		}

	}

	private static final String V1 = "/api/v1";

	/**
	 * Every operation, its parts in the order docs/API.md tells them; each part is a
	 * class of its own, the whole table being too long for one.
	 */
	static final List<Operation> ALL = Stream
		.of(CatalogOperations.OPERATIONS, SeatOperations.OPERATIONS, OrderOperations.OPERATIONS,
				QueueOperations.OPERATIONS)
		.flatMap(List::stream)
		.toList();

	/**
	 * What the request headers the controllers read mean; the server refuses a purchase
	 * without its key.
	 */
	static final Map<String, String> HEADERS = Map.ofEntries(
			Map.entry("Idempotency-Key",
					"Required: the same key again answers the same order, never a second charge (1-255 characters)"),
			Map.entry("X-Admission-Token", "The admissionToken of your queue ticket, on a queue-protected event"),
			Map.entry("X-Queue-Challenge",
					"A challenge from /queue-challenge, when the waiting room asks for a proof of work"),
			Map.entry("X-Queue-Solution", "Your solution to it"),
			Map.entry("X-Device-Id", "An id your client keeps for this device (8-64 letters, digits, _ or -)"),
			Map.entry("Location", "Where the new resource (or the one you already had) is read"),
			Map.entry("Idempotent-Replayed",
					"true when this answer is the order of an earlier request with the same Idempotency-Key"),
			Map.entry("Marquee-Seq", "The seq of the statuses shown: changes after it arrive on the seat stream"),
			Map.entry("ETag", "Strong; the layout never changes (304 on If-None-Match)"),
			Map.entry("Retry-After", "Seconds to wait before trying again"),
			Map.entry("X-Next-Cursor", "The cursor of the next page of a search (absent on the last page)"),
			Map.entry("Link", "The next page of a search as rel=\"next\" (absent on the last page)"));

	/**
	 * Headers of an operation's success answer, by operation id; every answer has
	 * X-Request-Id.
	 */
	static final Map<String, List<String>> RESPONSE_HEADERS = Map.ofEntries(
			Map.entry("createVenue", List.of("Location")), Map.entry("createEvent", List.of("Location")),
			Map.entry("createHold", List.of("Location")), Map.entry("createBestAvailableHold", List.of("Location")),
			Map.entry("purchaseHold", List.of("Location", "Idempotent-Replayed")),
			Map.entry("joinQueue", List.of("Location")), Map.entry("joinWaitlist", List.of("Location")),
			Map.entry("getSeatMap", List.of("ETag")), Map.entry("getSeats", List.of("Marquee-Seq")),
			Map.entry("getAvailability", List.of("Marquee-Seq")),
			Map.entry("listEvents", List.of("X-Next-Cursor", "Link")), Map.entry("getTextMap", List.of("Marquee-Seq")));

	static final String REQUIRED_HEADER = "Idempotency-Key";

	/** Operations whose success is a stream rather than JSON, by id: their media type. */
	static final Map<String, String> STREAMED = Map.of("streamSeatEvents", "text/event-stream");

	/**
	 * Operations that answer something else than 200 on success, by id: their statuses.
	 */
	static final Map<String, List<String>> SUCCESS = Map.ofEntries(Map.entry("createVenue", List.of("201")),
			Map.entry("createEvent", List.of("201")), Map.entry("createHold", List.of("201")),
			Map.entry("createBestAvailableHold", List.of("201")), Map.entry("purchaseHold", List.of("201")),
			Map.entry("releaseHold", List.of("204")), Map.entry("joinQueue", List.of("201", "200")),
			Map.entry("joinWaitlist", List.of("201", "200")), Map.entry("listTicketForResale", List.of("201")),
			Map.entry("listOrderTicketsForResale", List.of("201")));

	private static final Map<String, Operation> BY_KEY = ALL.stream()
		.collect(Collectors.toMap(Operation::key, Function.identity()));

	private ApiOperations() {
	}

	/** The part of the API an operation belongs to, after the module that serves it. */
	static String tagOf(String path) {
		String[] parts = path.substring(V1.length() + 1).split("/");
		String first = parts[0].equals("me") ? parts[1] : parts[0];
		if (parts.length > 2 && parts[0].equals("events")) {
			return switch (parts[2]) {
				case "holds" -> "holds";
				case "queue" -> "queue";
				case "waitlist" -> "waitlist";
				case "door-list", "scans", "door-counts" -> "door";
				case "prices", "price-rules", "price-audit" -> "prices";
				default -> "seats";
			};
		}
		if (path.endsWith("/purchase")) {
			return "orders";
		}
		return first.equals("venues") || first.equals("events") ? "catalog" : first;
	}

	static Operation find(String method, String path) {
		return BY_KEY.get(Operation.key(method, path));
	}

}
