package dev.marquee.shared;

import java.util.List;

import org.springframework.http.HttpStatus;

/**
 * The request was understood but breaks one or more rules; every violation is listed.
 */
public class ValidationFailed extends ProblemException {

	private final List<Violation> violations;

	public ValidationFailed(List<Violation> violations) {
		super(HttpStatus.BAD_REQUEST, "validation", describe(violations));
		this.violations = List.copyOf(violations);
		with("violations", this.violations);
	}

	public static ValidationFailed of(String field, String message) {
		return new ValidationFailed(List.of(new Violation(field, message)));
	}

	public List<Violation> violations() {
		return violations;
	}

	private static String describe(List<Violation> violations) {
		return violations.size() == 1 ? "1 field is invalid: " + violations.get(0).field()
				: violations.size() + " fields are invalid";
	}

}
