package dev.marquee.shared;

/**
 * The status of one seat, with the glyph every transport and the text map use for it.
 * {@link #RESALE} (a sold seat its ticket holder offers again at face value, holdable
 * like an available one) came later: clients should treat a glyph they do not know as
 * taken (docs/API.md).
 */
public enum SeatStatus {

	AVAILABLE('.'), HELD('H'), SOLD('X'), BLOCKED('#'), RESALE('R');

	private final char glyph;

	SeatStatus(char glyph) {
		this.glyph = glyph;
	}

	public char glyph() {
		return glyph;
	}

}
