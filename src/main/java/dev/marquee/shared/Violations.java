package dev.marquee.shared;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;

/**
 * Collects every violation of a request before failing, so a client learns all of them at
 * once.
 * <p>
 * Rules a constraint annotation expresses live on the request record and are checked by
 * Bean Validation; {@link #of(Set)} takes its verdict in, each violation named by its
 * JSON path ({@code prices.VIP.amountMinor}, {@code sections[0].rows[1].seats}). Bean
 * Validation reports a set, in no order, while rules between fields are checked in code;
 * so the validation step places the annotations' violations among its own with
 * {@link #constraints(String...)}, which keeps the problem listing fields in one stable,
 * documented order. Any violation it did not place is listed at the end, by field, so
 * none is ever lost.
 */
public final class Violations {

	private static final Comparator<Violation> BY_FIELD = Comparator.comparing(Violation::field)
		.thenComparing(Violation::message);

	private final List<Violation> found = new ArrayList<>();

	// Bean Validation's violations by field, until the validation step places them
	private final Map<String, List<Violation>> unplaced = new HashMap<>();

	/**
	 * Starts with Bean Validation's violations, to be placed with {@link #constraints}.
	 */
	public static Violations of(Set<? extends ConstraintViolation<?>> constraintViolations) {
		Violations violations = new Violations();
		for (ConstraintViolation<?> violation : constraintViolations) {
			String field = field(violation.getPropertyPath());
			violations.unplaced.computeIfAbsent(field, ignored -> new ArrayList<>())
				.add(new Violation(field, violation.getMessage()));
		}
		return violations;
	}

	/**
	 * Lists Bean Validation's violations of these fields here, in this order.
	 * @return whether none of the fields broke a constraint
	 */
	public boolean constraints(String... fields) {
		boolean valid = true;
		for (String field : fields) {
			List<Violation> broken = unplaced.remove(field);
			if (broken != null) {
				broken.sort(BY_FIELD);
				found.addAll(broken);
				valid = false;
			}
		}
		return valid;
	}

	/**
	 * Drops Bean Validation's violations at and under a field that turned out not to
	 * apply.
	 */
	public Violations ignoreConstraintsUnder(String field) {
		unplaced.keySet().removeIf(at -> at.equals(field) || at.startsWith(field + ".") || at.startsWith(field + "["));
		return this;
	}

	public Violations check(boolean ok, String field, String message) {
		if (!ok) {
			found.add(new Violation(field, message));
		}
		return this;
	}

	public Violations add(String field, String message) {
		found.add(new Violation(field, message));
		return this;
	}

	public boolean isEmpty() {
		return found.isEmpty() && unplaced.isEmpty();
	}

	/** Throws {@link ValidationFailed} listing everything found, if anything was. */
	public void throwIfAny() {
		if (!unplaced.isEmpty()) {
			unplaced.values().stream().flatMap(List::stream).sorted(BY_FIELD).forEach(found::add);
			unplaced.clear();
		}
		if (!found.isEmpty()) {
			throw new ValidationFailed(found);
		}
	}

	/**
	 * A Bean Validation property path as the API names fields:
	 * {@code prices.VIP.amountMinor}, {@code sections[2].rows[0]} (map keys after a dot,
	 * list indexes in brackets).
	 */
	static String field(Path path) {
		StringBuilder field = new StringBuilder();
		for (Path.Node node : path) {
			if (node.isInIterable()) {
				field.append(node.getIndex() != null ? "[" + node.getIndex() + "]" : "." + node.getKey());
			}
			if (node.getKind() == ElementKind.PROPERTY) {
				field.append(field.isEmpty() ? "" : ".").append(node.getName());
			}
		}
		return field.toString();
	}

}
