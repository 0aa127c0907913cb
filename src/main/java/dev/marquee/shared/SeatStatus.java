package dev.marquee.shared;

/**
 * The status of one seat, with the glyph every transport and the text map use for it.
 */
public enum SeatStatus {

	AVAILABLE('.'), HELD('H'), SOLD('X'), BLOCKED('#');

	private final char glyph;

	SeatStatus(char glyph) {
		this.glyph = glyph;
	}

	public char glyph() {
		return glyph;
	}

}
