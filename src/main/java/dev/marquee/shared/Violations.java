package dev.marquee.shared;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects every violation of a request before failing, so a client learns all of them at once.
 */
public final class Violations {

	private final List<Violation> found = new ArrayList<>();

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
		return found.isEmpty();
	}

	/** Throws {@link ValidationFailed} listing everything found, if anything was. */
	public void throwIfAny() {
		if (!found.isEmpty()) {
			throw new ValidationFailed(found);
		}
	}

}
