package dev.marquee.catalog;

import java.util.ArrayList;
import java.util.List;

/**
 * Where every seat of a venue is on its plan, in seat widths (x to the right, y away from
 * the stage), in the layout's seat order; each section's frame and outline; and, when the
 * venue has a stage, each seat's distance from its focal point. Computed once per layout
 * from the rows' shapes ({@link VenueLayout.Shape}): the rule is written out in
 * {@code docs/API.md} so that a client computes the same positions from {@code /seatmap}.
 */
public final class SeatGeometry {

	private final double[] x;

	private final double[] y;

	private final List<SectionFrame> sections;

	private final boolean focused;

	private final double focalX;

	private final double focalY;

	private final double[] bounds;

	/**
	 * A section's frame on the plan: its origin and rotation, each row's middle in that
	 * frame, and its outline (four corners on the plan, clockwise from front left).
	 */
	public record SectionFrame(double x, double y, double rotation, List<double[]> rowCentres, double[] outline) {
	}

	SeatGeometry(VenueLayout layout) {
		int count = layout.seatCount();
		this.x = new double[count];
		this.y = new double[count];
		this.sections = new ArrayList<>(layout.sections().size());
		double widest = layout.width();
		double cursor = 0;
		int index = 0;
		double[] local = new double[2];
		for (VenueLayout.Section section : layout.sections()) {
			VenueLayout.Placement placement = section.placement();
			double ox = placement != null ? placement.x() : (widest - 1) / 2;
			double oy = placement != null ? placement.y() : cursor;
			double rotation = placement != null ? placement.rotation() : 0;
			double cos = Math.cos(Math.toRadians(rotation));
			double sin = Math.sin(Math.toRadians(rotation));
			double minX = Double.MAX_VALUE;
			double maxX = -Double.MAX_VALUE;
			double minY = Double.MAX_VALUE;
			double maxY = -Double.MAX_VALUE;
			double rowY = -1;
			List<double[]> centres = new ArrayList<>(section.rows().size());
			for (VenueLayout.Row row : section.rows()) {
				VenueLayout.Shape shape = row.shape();
				double cx = shape != null && shape.x() != null ? shape.x() : 0;
				double cy = shape != null && shape.y() != null ? shape.y() : rowY + 1;
				rowY = cy;
				centres.add(new double[] { cx, cy });
				for (int k = 0; k < row.seats(); k++, index++) {
					place(row, cx, cy, k, local);
					minX = Math.min(minX, local[0]);
					maxX = Math.max(maxX, local[0]);
					minY = Math.min(minY, local[1]);
					maxY = Math.max(maxY, local[1]);
					x[index] = ox + local[0] * cos - local[1] * sin;
					y[index] = oy + local[0] * sin + local[1] * cos;
				}
			}
			if (placement != null && placement.width() != null && placement.depth() != null) {
				minX = -placement.width() / 2;
				maxX = placement.width() / 2;
				minY = -0.5;
				maxY = placement.depth() - 0.5;
			}
			else {
				minX -= 0.5;
				maxX += 0.5;
				minY -= 0.5;
				maxY += 0.5;
			}
			double[] corners = { minX, minY, maxX, minY, maxX, maxY, minX, maxY };
			double[] outline = new double[8];
			for (int c = 0; c < 8; c += 2) {
				outline[c] = ox + corners[c] * cos - corners[c + 1] * sin;
				outline[c + 1] = oy + corners[c] * sin + corners[c + 1] * cos;
			}
			sections.add(new SectionFrame(ox, oy, rotation, List.copyOf(centres), outline));
			if (placement == null) {
				cursor += rowY + 2; // its rows, then an aisle
			}
		}
		VenueLayout.Stage stage = layout.stage();
		this.focused = stage != null;
		this.focalX = stage != null ? stage.focalX() : 0;
		this.focalY = stage != null ? stage.focalY() : 0;
		this.bounds = bounds(stage);
	}

	/**
	 * Seat {@code k}'s position in its section's frame, for a row whose middle is at
	 * ({@code cx}, {@code cy}), into {@code out}.
	 */
	static void place(VenueLayout.Row row, double cx, double cy, int k, double[] out) {
		VenueLayout.Shape shape = row.shape();
		int n = row.seats();
		double spacing = shape != null ? shape.spacingOr1() : 1;
		double radius = shape != null && shape.radius() != null ? shape.radius() : 0;
		if (shape != null && shape.table()) {
			double r = radius > 0 ? radius : tableRadius(n, spacing);
			double angle = 2 * Math.PI * k / n - Math.PI / 2;
			out[0] = cx + r * Math.cos(angle);
			out[1] = cy + r * Math.sin(angle);
			return;
		}
		List<Integer> gaps = shape != null && shape.gapsAfter() != null ? shape.gapsAfter() : List.of();
		int before = 0;
		for (int gap : gaps) {
			before += gap <= k ? 1 : 0;
		}
		double u = (k + before) * spacing - (n - 1 + gaps.size()) * spacing / 2;
		if (radius == 0) {
			out[0] = cx + u;
			out[1] = cy;
		}
		else {
			double phi = u / radius;
			out[0] = cx + radius * Math.sin(phi);
			out[1] = cy - radius * (1 - Math.cos(phi));
		}
	}

	/** A table's radius when none is given: its seats {@code spacing} apart round it. */
	static double tableRadius(int seats, double spacing) {
		return Math.max(0.8, seats * spacing / (2 * Math.PI));
	}

	/** The length of a straight or curved row along its line, end seat to end seat. */
	static double span(VenueLayout.Row row) {
		VenueLayout.Shape shape = row.shape();
		int gaps = shape != null && shape.gapsAfter() != null ? shape.gapsAfter().size() : 0;
		return (row.seats() - 1 + gaps) * (shape != null ? shape.spacingOr1() : 1);
	}

	public double x(int index) {
		return x[index];
	}

	public double y(int index) {
		return y[index];
	}

	public List<SectionFrame> sections() {
		return sections;
	}

	/** Whether the venue has a stage that seats are better the nearer they are to. */
	public boolean focused() {
		return focused;
	}

	/**
	 * How far seat {@code index} is from the focal point, in seat widths (0 without a
	 * stage).
	 */
	public double distance(int index) {
		return focused ? Math.hypot(x[index] - focalX, y[index] - focalY) : 0;
	}

	/** The plan's extent: {minX, minY, maxX, maxY}, over every outline and the stage. */
	public double[] bounds() {
		return bounds.clone();
	}

	private double[] bounds(VenueLayout.Stage stage) {
		double[] b = { Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE };
		for (SectionFrame frame : sections) {
			for (int c = 0; c < 8; c += 2) {
				extend(b, frame.outline()[c], frame.outline()[c + 1]);
			}
		}
		if (stage != null) {
			extend(b, stage.x() - stage.width() / 2, stage.y() - stage.height() / 2);
			extend(b, stage.x() + stage.width() / 2, stage.y() + stage.height() / 2);
		}
		return sections.isEmpty() && stage == null ? new double[4] : b;
	}

	private static void extend(double[] b, double px, double py) {
		b[0] = Math.min(b[0], px);
		b[1] = Math.min(b[1], py);
		b[2] = Math.max(b[2], px);
		b[3] = Math.max(b[3], py);
	}

}
