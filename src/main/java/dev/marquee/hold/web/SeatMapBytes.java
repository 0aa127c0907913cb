package dev.marquee.hold.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * A seat map's JSON, and the same bytes gzipped at the best compression (done once per
 * event, so the slowest level costs nothing per request).
 */
record SeatMapBytes(byte[] json, byte[] gzip) {

	static SeatMapBytes of(byte[] json) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(json.length / 4);
		try (GZIPOutputStream gzip = new GZIPOutputStream(out) {
			{
				this.def.setLevel(Deflater.BEST_COMPRESSION);
			}
		}) {
			gzip.write(json);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return new SeatMapBytes(json, out.toByteArray());
	}

	/**
	 * Whether an {@code Accept-Encoding} header accepts gzip (and does not refuse it with
	 * q=0).
	 */
	static boolean acceptsGzip(String acceptEncoding) {
		if (acceptEncoding == null) {
			return false;
		}
		for (String coding : acceptEncoding.split(",")) {
			String[] parts = coding.trim().split(";");
			String name = parts[0].trim();
			if (name.equalsIgnoreCase("gzip") || name.equals("*")) {
				return parts.length < 2 || !parts[1].replace(" ", "").matches("q=0(\\.0*)?");
			}
		}
		return false;
	}

	/**
	 * Whether an {@code If-None-Match} header names this ETag (weakly, as for a GET), or
	 * is {@code *}.
	 */
	static boolean matches(String ifNoneMatch, String etag) {
		if (ifNoneMatch == null) {
			return false;
		}
		for (String tag : ifNoneMatch.split(",")) {
			String trimmed = tag.trim();
			if (trimmed.equals("*") || (trimmed.startsWith("W/") ? trimmed.substring(2) : trimmed).equals(etag)) {
				return true;
			}
		}
		return false;
	}

}
