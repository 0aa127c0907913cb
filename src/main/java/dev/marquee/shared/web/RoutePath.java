package dev.marquee.shared.web;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@link HotRoute}'s path template matched against a raw request URI segment by
 * segment: literal segments exactly, a path variable ({@code {name}}) as 1 to 64 letters,
 * digits or dashes (what the id types parse), and nothing after the path (no query
 * string, no trailing slash).
 * <p>
 * Written by hand rather than with a regex or Spring's {@code PathPattern}: every request
 * to the server is tried against every hot route's path, and a regex per route was 6 % of
 * all samples of a queue join under load (docs/BENCHMARKS.md); this walks the URI once
 * and allocates nothing unless it matches.
 */
final class RoutePath {

	private static final int MAX_VARIABLE = 64;

	/** The template's segments after its leading slash; null where a variable is. */
	private final String[] segments;

	private final List<String> names;

	private RoutePath(String[] segments, List<String> names) {
		this.segments = segments;
		this.names = names;
	}

	/** {@code template}: an absolute path, {@code {name}} a whole segment's variable. */
	static RoutePath of(String template) {
		if (!template.startsWith("/")) {
			throw new IllegalArgumentException("Not an absolute path: " + template);
		}
		String[] segments = template.substring(1).split("/", -1);
		List<String> names = new ArrayList<>();
		for (int i = 0; i < segments.length; i++) {
			String segment = segments[i];
			if (segment.startsWith("{") && segment.endsWith("}")) {
				names.add(segment.substring(1, segment.length() - 1));
				segments[i] = null;
			}
			else if (segment.indexOf('{') >= 0 || segment.indexOf('}') >= 0) {
				throw new IllegalArgumentException("A variable must be a whole segment: " + template);
			}
		}
		return new RoutePath(segments, List.copyOf(names));
	}

	/** Whether {@code uri} is this path. */
	boolean matches(String uri) {
		return scan(uri, null);
	}

	/**
	 * The variables' values in the template's order, or null if {@code uri} is not this
	 * path.
	 */
	String[] values(String uri) {
		String[] values = new String[names.size()];
		return scan(uri, values) ? values : null;
	}

	/** The variables' names, in the template's order. */
	List<String> names() {
		return names;
	}

	private boolean scan(String uri, String[] values) {
		if (uri.isEmpty() || uri.charAt(0) != '/') {
			return false;
		}
		int at = 1;
		int variable = 0;
		for (int i = 0; i < segments.length; i++) {
			int end = uri.indexOf('/', at);
			boolean last = i == segments.length - 1;
			if (end < 0) {
				if (!last) {
					return false;
				}
				end = uri.length();
			}
			else if (last) {
				return false;
			}
			String literal = segments[i];
			if (literal != null) {
				if (end - at != literal.length() || !uri.startsWith(literal, at)) {
					return false;
				}
			}
			else {
				if (!isId(uri, at, end)) {
					return false;
				}
				if (values != null) {
					values[variable] = uri.substring(at, end);
				}
				variable++;
			}
			at = end + 1;
		}
		return true;
	}

	private static boolean isId(String uri, int from, int to) {
		if (to == from || to - from > MAX_VARIABLE) {
			return false;
		}
		for (int i = from; i < to; i++) {
			char c = uri.charAt(i);
			if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-')) {
				return false;
			}
		}
		return true;
	}

}
