package dev.marquee.shared;

/**
 * Checks for text that is stored or echoed: present, not too long, and free of control
 * characters (PostgreSQL refuses NUL in text; the others have no business in names or
 * tokens).
 */
public final class Text {

	private Text() {
	}

	/** Non-blank, at most {@code max} characters, no control characters. */
	public static boolean isClean(String value, int max) {
		if (value == null || value.isBlank() || value.length() > max) {
			return false;
		}
		for (int i = 0; i < value.length(); i++) {
			if (Character.isISOControl(value.charAt(i))) {
				return false;
			}
		}
		return true;
	}

}
