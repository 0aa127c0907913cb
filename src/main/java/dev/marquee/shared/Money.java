package dev.marquee.shared;

/**
 * An amount in minor units (cents) of an ISO-4217 currency.
 */
public record Money(long amountMinor, String currency) {

	public Money plus(Money other) {
		if (!currency.equals(other.currency)) {
			throw new IllegalArgumentException("Cannot add " + other.currency + " to " + currency);
		}
		return new Money(Math.addExact(amountMinor, other.amountMinor), currency);
	}

	public Money times(int count) {
		return new Money(Math.multiplyExact(amountMinor, count), currency);
	}

}
