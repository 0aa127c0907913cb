package dev.marquee.queue;

import java.util.regex.Pattern;

/**
 * What a join brings to the waiting room's door besides the buyer: the proof of work
 * ({@code challenge} and its {@code solution}, from headers {@code X-Queue-Challenge} and
 * {@code X-Queue-Solution}), the device id the client keeps ({@code X-Device-Id}) and the
 * client's address. Any of them may be null.
 */
public record JoinGate(String challenge, String solution, String deviceId, String address) {

	private static final Pattern DEVICE = Pattern.compile("[A-Za-z0-9_-]{8,64}");

	/** A join with nothing to show: fine while the waiting room asks for nothing. */
	public static final JoinGate NONE = new JoinGate(null, null, null, null);

	/**
	 * The device id if it is one (8-64 letters, digits, {@code _} or {@code -}), else
	 * null.
	 */
	String device() {
		return this.deviceId != null && DEVICE.matcher(this.deviceId).matches() ? this.deviceId : null;
	}

}
