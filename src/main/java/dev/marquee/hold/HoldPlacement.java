package dev.marquee.hold;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.marquee.catalog.Event;
import dev.marquee.catalog.EventStatus;
import dev.marquee.catalog.EventId;
import dev.marquee.catalog.EventSetup;
import dev.marquee.hold.HoldProblems.NotOnSale;
import dev.marquee.hold.HoldProblems.TicketLimit;
import dev.marquee.hold.internal.HoldScript;
import dev.marquee.pricing.PriceBook;
import dev.marquee.pricing.PriceQuote;
import dev.marquee.shared.InObservation;
import dev.marquee.shared.Money;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

/**
 * Places a hold on the first of some candidate blocks still free, in one script, so
 * buyers asking at the same moment get the next block rather than colliding on the first;
 * publishes {@link SeatsHeld}. Every way of holding (chosen seats, best available,
 * general admission, a waitlist offer) ends here.
 */
@Component
class HoldPlacement {

	private final HoldScript script;

	private final ApplicationEventPublisher events;

	private final HoldProperties properties;

	private final Clock clock;

	private final SeatPricing pricing;

	HoldPlacement(HoldScript script, ApplicationEventPublisher events, HoldProperties properties, Clock clock,
			SeatPricing pricing) {
		this.pricing = pricing;
		this.script = script;
		this.events = events;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Holds the first of these blocks (all of one size, valid seats of the event) whose
	 * seats are all free, for {@code ttlSeconds}. Fails with {@link NotOnSale},
	 * {@link TicketLimit}, {@link SeatUnavailable} when every block is taken, or
	 * {@link HoldProblems.OwnListing} when every block has a seat the buyer listed; on
	 * failure nothing changed.
	 */
	Mono<Hold> place(EventSetup setup, String userId, List<List<String>> blocks, int ttlSeconds) {
		Event event = setup.event();
		List<String> seatIds = blocks.get(0);
		Instant now = this.clock.instant();
		if (!event.published()) {
			return Mono.error(new NotOnSale(event.status() == EventStatus.DRAFT ? "The event is not published yet"
					: "The event is cancelled; sales are closed", event.onSaleAt()));
		}
		if (now.isBefore(event.onSaleAt())) {
			return Mono.error(new NotOnSale("Sales open at " + event.onSaleAt(), event.onSaleAt()));
		}
		if (!now.isBefore(event.startsAt())) {
			return Mono.error(new NotOnSale("The event has started; sales are closed", event.onSaleAt()));
		}
		if (seatIds.size() > event.maxTicketsPerUser()) {
			return Mono.error(new TicketLimit(event.maxTicketsPerUser(), 0, seatIds.size()));
		}
		List<List<String>> open = blocks.stream().filter(block -> block.stream().noneMatch(setup::isBlocked)).toList();
		if (open.isEmpty()) {
			return Mono.error(new SeatUnavailable(seatIds.stream().filter(setup::isBlocked).toList()));
		}
		HoldId holdId = HoldId.of(UUID.randomUUID());
		EventId eventId = event.id();
		Duration ttl = Duration.ofSeconds(ttlSeconds);
		Duration recordTtl = ttl.plus(this.properties.recordRetention());
		// Priced now, at this instant: the prices are locked into the hold record, so a
		// rule changed later never changes them. Pricing is a cached lookup, plus the
		// seats sold only if the event has a demand step. A seat listed for resale is
		// priced by the script, in the step that finds it holdable. The hold's ref (hold
		// id -> event) goes with the script (HoldScript).
		return Mono.deferContextual(context -> this.pricing.at(setup, now)
			.map(prices -> new HoldScript.Input(eventId, holdId, userId,
					open.stream().map(block -> priced(block, prices)).toList(), event.currency(),
					now.truncatedTo(ChronoUnit.MILLIS), ttl, recordTtl, event.maxTicketsPerUser()))
			.flatMap(input -> this.script.run(input).map(outcome -> Map.entry(input, outcome)))
			.flatMap(placed -> switch (placed.getValue()) {
				case HoldScript.Held held -> Mono.just(held(context, placed.getKey(), held));
				case HoldScript.OverLimit limit ->
					Mono.error(new TicketLimit(event.maxTicketsPerUser(), limit.heldOrBought(), seatIds.size()));
				case HoldScript.Unavailable taken -> Mono.error(new SeatUnavailable(taken.seatIds()));
				case HoldScript.OwnListing own -> Mono.error(new HoldProblems.OwnListing(own.seatIds()));
			}));
	}

	/** The block with each seat's price of this moment, and their total. */
	private static HoldScript.Block priced(List<String> block, PriceBook.Prices prices) {
		long total = 0;
		StringBuilder each = new StringBuilder();
		for (String seat : block) {
			Hold.SeatPrice price = seatPrice(seat, prices.ofSeat(seat));
			total = Math.addExact(total, price.price().amountMinor());
			if (!each.isEmpty()) {
				each.append(',');
			}
			each.append(price.encoded());
		}
		return new HoldScript.Block(block, total, each.toString());
	}

	private static Hold.SeatPrice seatPrice(String seat, PriceQuote quote) {
		return quote.rule() == null ? new Hold.SeatPrice(seat, quote.price(), null, null)
				: new Hold.SeatPrice(seat, quote.price(), quote.rule().id(), quote.rule().version());
	}

	private Hold held(ContextView context, HoldScript.Input input, HoldScript.Held held) {
		HoldScript.Block block = input.blocks().get(held.blockIndex());
		List<String> seats = List.copyOf(block.seatIds());
		Instant expiresAt = input.expiresAt();
		// in the request's trace: the change goes to the other nodes with it
		InObservation.run(context, () -> this.events.publishEvent(
				new SeatsHeld(input.eventId().value(), input.holdId().value(), seats, expiresAt, held.seq())));
		String[] prices = held.prices().split(",");
		List<Hold.SeatPrice> seatPrices = new ArrayList<>(seats.size());
		for (int i = 0; i < seats.size(); i++) {
			seatPrices.add(Hold.SeatPrice.decode(seats.get(i), prices[i], input.currency()));
		}
		return new Hold(input.holdId(), input.eventId(), input.userId(), seats, expiresAt,
				new Money(held.totalMinor(), input.currency()), Hold.Status.ACTIVE, input.createdAt(), null,
				List.copyOf(seatPrices));
	}

}
