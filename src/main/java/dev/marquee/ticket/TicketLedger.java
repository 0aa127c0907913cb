package dev.marquee.ticket;

import java.util.Collection;
import java.util.UUID;

import dev.marquee.catalog.EventId;

import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The ticket module's face to the sale: the tickets of an order, and which seats tickets
 * sell. Tickets are issued and voided inside the sale's own statements
 * ({@link TicketIssue}, {@link TicketVoid}); to read several of these in one snapshot,
 * call them inside one repeatable-read transaction.
 */
@Component
public class TicketLedger {

	private final TicketRepository repository;

	TicketLedger(TicketRepository repository) {
		this.repository = repository;
	}

	/** A seat sold by a ticket, and who holds it. */
	public record SoldSeat(String seatId, String userId) {
	}

	/** The order's tickets, by seat. */
	public Flux<Ticket> ofOrder(UUID orderId) {
		return repository.ofOrder(orderId);
	}

	/** One ticket, as it is now. */
	public Mono<Ticket> find(UUID ticketId) {
		return repository.find(ticketId);
	}

	/** Every seat of the event a live ticket sells, with its holder. */
	public Flux<SoldSeat> soldSeats(EventId eventId) {
		return repository.liveSeats(eventId.value());
	}

	/** Which of these seats of the event a live ticket sells. */
	public Flux<String> soldAmong(EventId eventId, Collection<String> seatIds) {
		return repository.soldAmong(eventId.value(), seatIds);
	}

	/**
	 * For each of these seats that ever had a ticket, who held the latest one (live or
	 * not).
	 */
	public Flux<SoldSeat> lastHolders(EventId eventId, Collection<String> seatIds) {
		return repository.lastHolders(eventId.value(), seatIds);
	}

}
