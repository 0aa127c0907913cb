package dev.marquee.sale;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.marquee.catalog.CatalogManagement;
import dev.marquee.catalog.Event;
import dev.marquee.catalog.EventId;
import dev.marquee.hold.Hold;
import dev.marquee.hold.SeatSales;
import dev.marquee.sale.SaleProblems.ResaleNotAllowed;
import dev.marquee.sale.SaleProblems.ResaleListingNotFound;
import dev.marquee.shared.Money;
import dev.marquee.shared.Violations;
import dev.marquee.ticket.Ticket;
import dev.marquee.ticket.TicketChanged;
import dev.marquee.ticket.TicketLedger;
import dev.marquee.ticket.TicketStatus;

import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Resale at face value: a ticket holder lists tickets of one of their orders at no more
 * than their price (and the event's cap); the seats show as RESALE on every map and are
 * held and bought like any seat ({@link Checkout} claims the listing, resells the
 * seller's ticket and issues the buyer's, in one transaction); the seller is paid out
 * onto their original payment, retried until done. A listing ends when withdrawn, when
 * its ticket is scanned or transferred, when the seller's order is cancelled, and when
 * the event starts or is cancelled (a sweep); PostgreSQL decides, Redis follows.
 */
@Service
public class Resales {

	private static final Logger log = LoggerFactory.getLogger(Resales.class);

	private final ResaleRepository repository;

	private final OrderRepository orders;

	private final TicketLedger tickets;

	private final CatalogManagement catalog;

	private final SeatSales sales;

	private final Clock clock;

	Resales(ResaleRepository repository, OrderRepository orders, TicketLedger tickets, CatalogManagement catalog,
			SeatSales sales, Clock clock) {
		this.repository = repository;
		this.orders = orders;
		this.tickets = tickets;
		this.catalog = catalog;
		this.sales = sales;
		this.clock = clock;
	}

	/**
	 * An event's resale settings: whether it allows resale (best available and the
	 * waitlist then offer resale seats like free ones), and the cap in percent of a
	 * ticket's price.
	 */
	public record ResaleSettings(boolean allowed, int capPercent) {
	}

	public Mono<ResaleSettings> settings(EventId eventId) {
		return catalog.setup(eventId)
			.then(repository.settings(eventId.value()))
			.map(s -> new ResaleSettings(s.allowed(), s.capPercent()));
	}

	public Mono<ResaleSettings> saveSettings(EventId eventId, ResaleSettings settings) {
		Violations v = new Violations();
		v.check(settings.capPercent() >= 1 && settings.capPercent() <= 100, "capPercent", "must be 1 to 100");
		v.throwIfAny();
		return catalog.setup(eventId)
			.then(repository.saveSettings(eventId.value(),
					new ResaleRepository.Settings(settings.allowed(), settings.capPercent())))
			.then(settings.allowed() ? Mono.empty() : endAll(eventId.value(), "resale-disabled"))
			.then(settings(eventId));
	}

	/**
	 * Lists these tickets of the seller at {@code priceMinor} each (null: the most
	 * allowed, face value unless the event caps lower). Each must be the seller's own,
	 * valid, bought by them (not received by transfer: the payout goes back onto the
	 * payment that bought it), of one event that allows resale and has not started.
	 */
	public Flux<ResaleListing> list(List<UUID> ticketIds, UUID orderId, String sellerId, Long priceMinor) {
		Violations v = new Violations();
		v.check(ticketIds != null && !ticketIds.isEmpty() && ticketIds.size() <= 100, "ticketIds",
				"must name 1 to 100 tickets");
		v.check(priceMinor == null || priceMinor > 0, "priceMinor", "must be positive");
		v.throwIfAny();
		return Flux.fromIterable(ticketIds.stream().distinct().toList())
			.concatMap(id -> tickets.find(id)
				.filter(t -> t.userId().equals(sellerId) && (orderId == null || t.orderId().equals(orderId)))
				.switchIfEmpty(Mono.error(() -> new ResaleListingNotFound("No ticket " + id + " of yours"))))
			.collectList()
			.flatMapMany(found -> {
				UUID eventId = found.getFirst().eventId();
				if (found.stream().anyMatch(t -> !t.eventId().equals(eventId))) {
					return Flux.error(new ResaleNotAllowed("not-one-event", "List tickets of one event at a time."));
				}
				return Mono.zip(catalog.setup(EventId.of(eventId)), repository.settings(eventId))
					.flatMapMany(both -> checkAndList(found, sellerId, priceMinor, both.getT1().event(), both.getT2()));
			});
	}

	private Flux<ResaleListing> checkAndList(List<Ticket> found, String sellerId, Long priceMinor, Event event,
			ResaleRepository.Settings settings) {
		Instant now = clock.instant();
		if (!settings.allowed() || !event.published()) {
			return Flux.error(new ResaleNotAllowed("resale-not-allowed", "This event does not allow resale."));
		}
		if (!now.isBefore(event.startsAt())) {
			return Flux.error(new ResaleNotAllowed("event-started", "The event has started; resale is closed."));
		}
		for (Ticket t : found) {
			if (t.status() != TicketStatus.VALID) {
				return Flux.error(new ResaleNotAllowed("ticket-not-valid",
						"Ticket " + t.id() + " is " + t.status().name().toLowerCase() + " and cannot be resold."));
			}
			long cap = settings.capOf(t.price().amountMinor());
			if (priceMinor != null && priceMinor > cap) {
				return Flux.error(new SaleProblems.ResalePriceTooHigh(t.id(), priceMinor, cap, t.price().amountMinor(),
						settings.capPercent()));
			}
		}
		return Flux.fromIterable(found).concatMap(t -> orders.find(t.orderId()).flatMap(order -> {
			if (!order.userId().equals(sellerId)) {
				return Mono.error(new ResaleNotAllowed("ticket-received",
						"Ticket " + t.id() + " was given to you by transfer; only its buyer can resell it."));
			}
			long cap = settings.capOf(t.price().amountMinor());
			long price = priceMinor == null ? cap : priceMinor;
			ResaleListing listing = new ResaleListing(UUID.randomUUID(), t.eventId(), t.id(), t.seatId(), sellerId,
					t.codeVersion(), new Money(price, t.price().currency()), t.price(), ResaleListing.Status.OPEN, null,
					now, null, null, null, ResaleListing.PayoutStatus.NONE);
			return repository.insert(listing)
				.flatMap(inserted -> inserted ? Mono.just(listing) : Mono
					.error(new ResaleNotAllowed("already-listed", "Ticket " + t.id() + " is listed already.")));
		}))
			.collectList()
			.flatMapMany(listed -> sales.listForResale(EventId.of(event.id().value()), listed.stream()
				.collect(Collectors.toMap(ResaleListing::seatId, Resales::resaleSeat, (a, b) -> a, LinkedHashMap::new)))
				.onErrorResume(ex -> {
					// PostgreSQL has the listings; the sweep puts them into Redis
					log.warn("Listed seats of event {} could not reach Redis now: {}", event.id(), ex.toString());
					return Mono.empty();
				})
				.thenMany(Flux.fromIterable(listed)));
	}

	/** The seller withdraws an open listing: the seat is SOLD (theirs) again. */
	public Mono<ResaleListing> withdraw(UUID listingId, String sellerId) {
		return repository.close(listingId, sellerId, ResaleListing.Status.WITHDRAWN, null, clock.instant())
			.switchIfEmpty(Mono.defer(() -> repository.find(listingId)
				.filter(l -> l.sellerId().equals(sellerId))
				.switchIfEmpty(Mono.error(() -> new ResaleListingNotFound("No listing " + listingId + " of yours")))
				.flatMap(l -> Mono.error(new ResaleNotAllowed("listing-closed",
						"The listing is " + l.status().name().toLowerCase() + " already.")))))
			.flatMap(closed -> sales.endResale(EventId.of(closed.eventId()), List.of(closed.seatId()))
				.onErrorResume(ex -> Mono.empty())
				.thenReturn(closed));
	}

	/** The seller withdraws the open listing of their ticket. */
	public Mono<ResaleListing> withdrawTicket(UUID ticketId, String sellerId) {
		return repository.ofSeller(sellerId)
			.filter(l -> l.ticketId().equals(ticketId) && l.status() == ResaleListing.Status.OPEN)
			.next()
			.switchIfEmpty(Mono.error(() -> new ResaleListingNotFound("No open listing of ticket " + ticketId)))
			.flatMap(l -> withdraw(l.id(), sellerId));
	}

	/** The open listings of an event, by seat. */
	public Flux<ResaleListing> openOf(EventId eventId) {
		return catalog.setup(eventId).thenMany(repository.openOf(eventId.value()));
	}

	/** A seller's listings, newest first, with their payouts. */
	public Flux<ResaleListing> listingsOf(String sellerId) {
		return repository.ofSeller(sellerId);
	}

	/** The open listings of these seats, by seat. */
	Mono<Map<String, ResaleListing>> openFor(EventId eventId, Collection<String> seatIds) {
		return repository.openFor(eventId.value(), seatIds).collectMap(ResaleListing::seatId);
	}

	/**
	 * Before a hold with sold seats is charged: each such seat must be on an open listing
	 * whose ticket is still the valid one its seller listed. Answers the seats that are
	 * not (the purchase fails before anything is charged). A sold seat never listed is
	 * not resale's business (Redis lost a sale: the order's statement refuses it).
	 */
	Mono<List<String>> unsellable(Hold hold) {
		EventId eventId = hold.eventId();
		return tickets.soldAmong(eventId, hold.seatIds())
			.collectList()
			.flatMap(sold -> sold.isEmpty() ? Mono.just(sold)
					: repository.everListed(eventId.value(), sold).collectList())
			.flatMap(sold -> {
				if (sold.isEmpty()) {
					return Mono.just(List.<String>of());
				}
				return openFor(eventId, sold).flatMap(open -> Flux.fromIterable(sold).filterWhen(seat -> {
					ResaleListing listing = open.get(seat);
					if (listing == null) {
						return Mono.just(true);
					}
					return tickets.find(listing.ticketId())
						.map(t -> t.status() != TicketStatus.VALID || !t.userId().equals(listing.sellerId())
								|| t.codeVersion() != listing.codeVersion())
						.defaultIfEmpty(true);
				}).collectList());
			});
	}

	/** Puts the event's open listings (back) into Redis; those there already stay. */
	Mono<Void> sync(EventId eventId) {
		return repository.openOf(eventId.value())
			.collectMap(ResaleListing::seatId, Resales::resaleSeat)
			.flatMap(listed -> listed.isEmpty() ? Mono.empty() : sales.listForResale(eventId, listed));
	}

	private static SeatSales.ResaleSeat resaleSeat(ResaleListing listing) {
		return new SeatSales.ResaleSeat(listing.price().amountMinor(), listing.sellerId());
	}

	/** A ticket was scanned in or transferred: its listing ends. */
	@EventListener
	void on(TicketChanged changed) {
		String reason = changed.kind() == TicketChanged.Kind.SCANNED ? "scanned" : "transferred";
		repository.endForTicket(changed.ticketId(), reason, clock.instant())
			.concatMap(this::endInRedis)
			.onErrorResume(ex -> {
				log.warn("Ending the listing of ticket {} failed ({}); the sweep ends it", changed.ticketId(),
						ex.toString());
				return Mono.empty();
			})
			.subscribe();
	}

	/** The seller's order was cancelled: its open listings end. */
	Mono<Void> endForOrder(Order order) {
		return Flux.fromIterable(order.tickets())
			.concatMap(t -> repository.endForTicket(t.id(), "order-cancelled", clock.instant()))
			.concatMap(this::endInRedis)
			.then();
	}

	private Mono<Void> endAll(UUID eventId, String reason) {
		return repository.openOf(eventId)
			.concatMap(l -> repository.close(l.id(), null, ResaleListing.Status.ENDED, reason, clock.instant()))
			.map(l -> new ResaleRepository.Ended(l.eventId(), l.seatId()))
			.concatMap(this::endInRedis)
			.then();
	}

	private Mono<Void> endInRedis(ResaleRepository.Ended ended) {
		return sales.endResale(EventId.of(ended.eventId()), List.of(ended.seatId()));
	}

	/**
	 * Ends listings whose event started or was cancelled, or whose ticket changed without
	 * its listing hearing of it, and keeps Redis's resale seats true to the open listings
	 * (after Redis lost them, or a listing whose Redis write failed).
	 */
	@Scheduled(fixedDelay = 5_000, initialDelay = 5_000)
	Mono<Void> sweep() {
		return Mono
			.defer(() -> repository.endStale(clock.instant())
				.concatMap(this::endInRedis)
				.thenMany(repository.eventsWithOpenListings())
				.concatMap(event -> sync(EventId.of(event)))
				.then())
			.onErrorResume(ex -> {
				log.warn("The resale sweep failed: {}", ex.toString());
				return Mono.empty();
			});
	}

}
