package dev.marquee.catalog;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import dev.marquee.shared.Text;
import dev.marquee.shared.Violations;

/**
 * A search of the event list, as {@code GET /api/v1/events} takes it: words to find in
 * the name, performer, venue and city (prefixes of words, accents ignored), a date range,
 * a city, a category, a price range, only events that can still be bought, a sort order
 * and a page ({@code limit} events after an opaque {@code cursor}). Made by
 * {@link #parse}, which reports every bad parameter at once.
 *
 * @param words the words to find (folded, letters and digits only), empty for none
 * @param from the earliest start (inclusive), or null
 * @param to the latest start (exclusive), or null
 * @param city the venue's city (any case, accents ignored), or null
 * @param category the category (any case, accents ignored), or null
 * @param minPrice events whose dearest tier costs at least this (minor units), or null
 * @param maxPrice events whose cheapest tier costs at most this (minor units), or null
 * @param available only events that can still be bought: published, not started, seats
 * not all sold or blocked
 * @param sort the order
 * @param limit how many events a page has
 * @param after where the previous page ended, or null for the first page
 */
public record EventSearch(List<String> words, Instant from, Instant to, String city, String category, Long minPrice,
		Long maxPrice, boolean available, Sort sort, int limit, Cursor after) {

	/**
	 * The query parameters {@link #parse} reads; any of them makes a request a search.
	 */
	public static final List<String> PARAMETERS = List.of("q", "from", "to", "city", "category", "minPrice", "maxPrice",
			"available", "sort", "limit", "cursor");

	public static final int DEFAULT_LIMIT = 20;

	public static final int MAX_LIMIT = 100;

	/** The orders a page may be in; each breaks ties by the event's id. */
	public enum Sort {

		/** Soonest first (the default without words). */
		STARTS_AT("startsAt"),
		/** Best match first (the default with words; needs words). */
		RELEVANCE("relevance"),
		/** By name, A to Z. */
		NAME("name"),
		/** Cheapest first (by the cheapest tier). */
		PRICE("price");

		private final String param;

		Sort(String param) {
			this.param = param;
		}

		public String param() {
			return param;
		}

		static Sort of(String param) {
			for (Sort sort : values()) {
				if (sort.param.equals(param)) {
					return sort;
				}
			}
			return null;
		}

	}

	/**
	 * Where a page ended: the last event's sort key and id. Sent to clients as opaque
	 * base64url text; a cursor belongs to one sort order.
	 */
	public record Cursor(Sort sort, String key, UUID id) {

		public String encode() {
			String raw = sort.param() + "\n" + key + "\n" + id;
			return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
		}

		static Cursor decode(String text) {
			try {
				String raw = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
				String[] parts = raw.split("\n", -1);
				if (parts.length != 3) {
					return null;
				}
				Sort sort = Sort.of(parts[0]);
				if (sort == null) {
					return null;
				}
				UUID id = UUID.fromString(parts[2]);
				String key = parts[1];
				switch (sort) {
					case STARTS_AT -> Instant.parse(key);
					case RELEVANCE -> Float.parseFloat(key);
					case PRICE -> Long.parseLong(key);
					case NAME -> {
					}
				}
				return new Cursor(sort, key, id);
			}
			catch (IllegalArgumentException | DateTimeParseException ex) {
				return null;
			}
		}

	}

	/** Whether the request asks for a search rather than the whole list (old clients). */
	public static boolean asked(Map<String, String> params) {
		return PARAMETERS.stream().anyMatch(params::containsKey);
	}

	/**
	 * Reads the query parameters; fails with every violation ({@code validation}, 400) if
	 * any is bad.
	 */
	public static EventSearch parse(Map<String, String> params) {
		Violations v = new Violations();
		String q = params.get("q");
		List<String> words = List.of();
		if (q != null && !q.isBlank()) {
			if (q.length() > 200 || !Text.isClean(q, 200)) {
				v.add("q", "must be at most 200 characters");
			}
			else {
				words = words(q);
				v.check(!words.isEmpty(), "q", "must contain a letter or a digit");
				v.check(words.size() <= 10, "q", "must have at most 10 words");
			}
		}
		Instant from = instant(params.get("from"), false, "from", v);
		Instant to = instant(params.get("to"), true, "to", v);
		v.check(from == null || to == null || from.isBefore(to), "to", "must be after from");
		String city = text(params.get("city"), "city", v);
		String category = text(params.get("category"), "category", v);
		Long minPrice = price(params.get("minPrice"), "minPrice", v);
		Long maxPrice = price(params.get("maxPrice"), "maxPrice", v);
		v.check(minPrice == null || maxPrice == null || minPrice <= maxPrice, "maxPrice", "must not be below minPrice");
		String availableParam = params.get("available");
		v.check(availableParam == null || availableParam.isEmpty() || availableParam.equals("true")
				|| availableParam.equals("false"), "available", "must be true or false");
		boolean available = availableParam != null && (availableParam.isEmpty() || availableParam.equals("true"));
		String sortParam = params.get("sort");
		Sort sort;
		if (sortParam == null || sortParam.isEmpty()) {
			sort = words.isEmpty() ? Sort.STARTS_AT : Sort.RELEVANCE;
		}
		else {
			sort = Sort.of(sortParam);
			v.check(sort != null, "sort", "must be one of startsAt, relevance, name, price");
			v.check(sort != Sort.RELEVANCE || !words.isEmpty(), "sort", "relevance needs q");
		}
		int limit = DEFAULT_LIMIT;
		String limitParam = params.get("limit");
		if (limitParam != null) {
			try {
				limit = Integer.parseInt(limitParam);
				v.check(limit >= 1 && limit <= MAX_LIMIT, "limit", "must be between 1 and " + MAX_LIMIT);
			}
			catch (NumberFormatException ex) {
				v.add("limit", "must be between 1 and " + MAX_LIMIT);
			}
		}
		Cursor after = null;
		String cursorParam = params.get("cursor");
		if (cursorParam != null && !cursorParam.isEmpty()) {
			after = Cursor.decode(cursorParam);
			v.check(after != null, "cursor", "is not a cursor this list gave out");
			v.check(after == null || sort == null || after.sort() == sort, "cursor",
					"belongs to another sort order: send the same parameters as for the first page");
		}
		v.throwIfAny();
		return new EventSearch(words, from, to, city, category, minPrice, maxPrice, available, sort, limit, after);
	}

	/**
	 * The words of a query as the index holds them: folded as marquee_fold folds (lower
	 * case, accents of Latin letters dropped), split at anything but letters and digits.
	 */
	static List<String> words(String q) {
		String folded = fold(q);
		List<String> words = new ArrayList<>();
		for (String word : folded.split("[^\\p{L}\\p{N}]+")) {
			if (!word.isEmpty() && !words.contains(word)) {
				words.add(word);
			}
		}
		return words;
	}

	/** As the migration's marquee_fold: Latin letters without accents, lower case. */
	static String fold(String text) {
		String from = "ÀÁÂÃÄÅĀĂĄàáâãäåāăąÇĆČçćčĎďÈÉÊËĒĘĚèéêëēęěĞğÌÍÎÏĪİìíîïīıŁłÑŃŇñńňÒÓÔÕÖØŌŐòóôõöøōőŘřŚŠŞśšşŤťÙÚÛÜŪŮŰùúûüūůűÝŸýÿŹŻŽźżž";
		String into = "AAAAAAAAAaaaaaaaaaCCCcccDdEEEEEEEeeeeeeeGgIIIIIIiiiiiiLlNNNnnnOOOOOOOOooooooooRrSSSsssTtUUUUUUUuuuuuuuYYyyZZZzzz";
		StringBuilder out = new StringBuilder(text.length());
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			int at = from.indexOf(c);
			out.append(at >= 0 ? into.charAt(at) : c);
		}
		return out.toString().toLowerCase(Locale.ROOT);
	}

	/**
	 * The words as a query for to_tsquery: every word, each as a prefix but a single
	 * character, which must be a whole word (a one-letter prefix matches a third of all
	 * events and ranking them all costs a scan of the table: docs/BENCHMARKS.md).
	 */
	String tsquery() {
		return String.join(" & ", words.stream().map(word -> word.length() > 1 ? word + ":*" : word).toList());
	}

	private static Instant instant(String value, boolean end, String field, Violations v) {
		if (value == null || value.isEmpty()) {
			return null;
		}
		try {
			if (value.length() == 10) {
				LocalDate day = LocalDate.parse(value);
				// a day as the end of a range includes that day
				return (end ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
			}
			return Instant.parse(value);
		}
		catch (DateTimeParseException ex) {
			v.add(field, "must be a date (2026-12-01) or an instant (2026-12-01T20:00:00Z)");
			return null;
		}
	}

	private static String text(String value, String field, Violations v) {
		if (value == null || value.isEmpty()) {
			return null;
		}
		v.check(Text.isClean(value, 100), field, "must be 1-100 characters");
		return value.strip();
	}

	private static Long price(String value, String field, Violations v) {
		if (value == null || value.isEmpty()) {
			return null;
		}
		try {
			long price = Long.parseLong(value);
			v.check(price >= 0 && price <= 100_000_000, field, "must be between 0 and 100000000 (minor units)");
			return price;
		}
		catch (NumberFormatException ex) {
			v.add(field, "must be between 0 and 100000000 (minor units)");
			return null;
		}
	}

}
