package dev.marquee.support;

/** What a failure says, for tests that check why an application refused to start. */
public final class Failures {

	private Failures() {
	}

	/** The messages of a failure and all its causes, a line each. */
	public static String messages(Throwable failure) {
		StringBuilder all = new StringBuilder();
		for (Throwable t = failure; t != null; t = t.getCause()) {
			all.append(t.getMessage()).append('\n');
		}
		return all.toString();
	}

}
