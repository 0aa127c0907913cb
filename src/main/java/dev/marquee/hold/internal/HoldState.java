package dev.marquee.hold.internal;

/**
 * The {@code status} field of a hold's record in Redis, as the scripts write it.
 * {@link #PAYING} is a purchase in flight; {@link #NONE} stands for a record that is
 * missing (or a status this version does not know).
 */
public enum HoldState {

	ACTIVE, PAYING, RELEASED, EXPIRED, PURCHASED, FAILED, NONE;

	public static HoldState of(String status) {
		if (status == null) {
			return NONE;
		}
		for (HoldState state : values()) {
			if (state.name().equals(status)) {
				return state;
			}
		}
		return NONE;
	}

}
