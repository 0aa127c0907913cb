package dev.marquee.waitlist;

import java.util.Objects;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import dev.marquee.waitlist.WaitlistProblems.EntryNotFound;

/**
 * A waitlist entry's id: unguessable, so it is the capability a watcher of the entry
 * holds. Converted once, at the web edge; a malformed id is simply not found. In JSON
 * (the live bus carries {@link WaitlistOffered}) it is the bare UUID.
 *
 * @param value the id
 */
public record WaitlistEntryId(UUID value) {

	public WaitlistEntryId {
		Objects.requireNonNull(value, "value");
	}

	@JsonCreator(mode = JsonCreator.Mode.DELEGATING)
	public static WaitlistEntryId of(UUID value) {
		return new WaitlistEntryId(value);
	}

	/** The id in {@code text}, or {@link EntryNotFound} when it is not a UUID. */
	public static WaitlistEntryId parse(String text) {
		try {
			return new WaitlistEntryId(UUID.fromString(text));
		}
		catch (IllegalArgumentException | NullPointerException ex) {
			throw new EntryNotFound(text);
		}
	}

	@Override
	@JsonValue
	public UUID value() {
		return this.value;
	}

	static WaitlistEntryId random() {
		return new WaitlistEntryId(UUID.randomUUID());
	}

	@Override
	public String toString() {
		return this.value.toString();
	}

}
