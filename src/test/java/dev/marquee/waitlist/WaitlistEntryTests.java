package dev.marquee.waitlist;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.marquee.catalog.EventId;
import dev.marquee.waitlist.WaitlistEntry.Status;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pure rules of an entry: who counts as still in line, which waiters a pass of the
 * matcher skips because seats too few for someone earlier are too few for them, and the
 * offer's JSON on the live bus (the entry id a bare UUID, as before it was typed).
 */
class WaitlistEntryTests {

	static WaitlistEntry entry(int quantity, boolean adjacent, Status status) {
		return new WaitlistEntry(WaitlistEntryId.of(UUID.randomUUID()), EventId.of(UUID.randomUUID()), "buyer", "S",
				quantity, adjacent, status, null, null, Instant.EPOCH, 1);
	}

	@Test
	void waitingAndBeingOfferedCountAsInLine() {
		assertThat(entry(1, true, Status.WAITING).waiting()).isTrue();
		assertThat(entry(1, true, Status.OFFERING).waiting()).isTrue();
		for (Status status : new Status[] { Status.OFFERED, Status.PURCHASED, Status.LAPSED, Status.LEFT }) {
			assertThat(entry(1, true, status).waiting()).as("%s", status).isFalse();
		}
	}

	@Test
	void seatsTooFewForAnEarlierWaiterAreTooFewForOneAskingNoLess() {
		WaitlistEntry twoTogether = entry(2, true, Status.WAITING);
		WaitlistEntry twoAnywhere = entry(2, false, Status.WAITING);
		assertThat(entry(2, true, Status.WAITING).asksNoLessThan(twoTogether)).isTrue();
		assertThat(entry(3, false, Status.WAITING).asksNoLessThan(twoAnywhere)).isTrue();
		assertThat(entry(2, true, Status.WAITING).asksNoLessThan(twoAnywhere)).isTrue();
		// fewer seats, or seats apart where the earlier waiter wanted them together, may
		// still fit
		assertThat(entry(1, true, Status.WAITING).asksNoLessThan(twoAnywhere)).isFalse();
		assertThat(entry(2, false, Status.WAITING).asksNoLessThan(twoTogether)).isFalse();
	}

	@Test
	void anOfferTravelsTheLiveBusWithItsIdsAsBareUuids() {
		JsonMapper json = JsonMapper.builder().build();
		WaitlistOffered offer = new WaitlistOffered(UUID.randomUUID(), WaitlistEntryId.of(UUID.randomUUID()),
				UUID.randomUUID(), List.of("S-A-1"), Instant.parse("2026-06-01T18:05:00Z"));
		String text = json.writeValueAsString(offer);
		assertThat(text).contains("\"entryId\":\"" + offer.entryId().value() + "\"");
		assertThat(json.readValue(text, WaitlistOffered.class)).isEqualTo(offer);
	}

}
