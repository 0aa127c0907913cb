package dev.marquee.pricing;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import dev.marquee.shared.Money;

import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;

/**
 * Audits an order's prices as one step of the sale's own statement (with the order and
 * its tickets: one round trip, one atomic write; the hold's hot path writes nothing): for
 * every seat, what it was charged, its tier's base price, and the rule (and its version)
 * that priced it when the hold was placed. The pricing module owns {@code price_audit}:
 * this is the only place that inserts into it.
 *
 * @param holdId the hold the prices were locked into
 * @param pricedAt when the hold was placed
 * @param seats one line per seat
 */
public record PriceAudit(UUID holdId, Instant pricedAt, List<Line> seats) {

	public PriceAudit {
		seats = List.copyOf(seats);
		if (seats.isEmpty()) {
			throw new IllegalArgumentException("An order has at least one seat");
		}
	}

	/**
	 * One seat's price: {@code ruleId} and {@code ruleVersion} null for the tier's base
	 * price.
	 */
	public record Line(String seatId, String tier, Money price, Money basePrice, UUID ruleId, Integer ruleVersion) {
	}

	/** An audited seat, as organizers read it. */
	public record AuditedSeat(UUID orderId, UUID holdId, String seatId, String tier, Money price, Money basePrice,
			UUID ruleId, Integer ruleVersion, String ruleKind, String ruleLabel, Instant ruleFrom, Instant ruleUntil,
			BigDecimal ruleMinShare, Integer rulePriority, Instant pricedAt, Instant recordedAt) {
	}

	/**
	 * The common table expression {@code name as (...)} that inserts the lines once per
	 * row of {@code orders} (a CTE of the caller's statement whose rows carry the order's
	 * id as {@code id}). Its parameters are named {@code audit*}; bind them with
	 * {@link #bind}.
	 */
	public static String step(String name, String orders) {
		return name
				+ """
						 as (
						  insert into price_audit (order_id, hold_id, event_id, seat_id, tier, base_minor, amount_minor, currency,
						    rule_id, rule_version, priced_at, recorded_at)
						  select %1$s.id, :auditHold, :auditEvent, a.seat, a.tier, a.base, a.amount, :auditCurrency, a.rule,
						    a.version, :auditPricedAt, :auditAt
						  from %1$s, unnest(:auditSeats::text[], :auditTiers::text[], :auditBases::bigint[],
						    :auditAmounts::bigint[], :auditRules::uuid[], :auditVersions::integer[])
						    as a(seat, tier, base, amount, rule, version)
						)"""
					.formatted(orders);
	}

	public GenericExecuteSpec bind(GenericExecuteSpec spec, UUID eventId, Instant at) {
		return spec.bind("auditHold", holdId)
			.bind("auditEvent", eventId)
			.bind("auditCurrency", seats.getFirst().price().currency())
			.bind("auditPricedAt", pricedAt.atOffset(ZoneOffset.UTC))
			.bind("auditAt", at.atOffset(ZoneOffset.UTC))
			.bind("auditSeats", seats.stream().map(Line::seatId).toArray(String[]::new))
			.bind("auditTiers", seats.stream().map(Line::tier).toArray(String[]::new))
			.bind("auditBases", seats.stream().map(l -> l.basePrice().amountMinor()).toArray(Long[]::new))
			.bind("auditAmounts", seats.stream().map(l -> l.price().amountMinor()).toArray(Long[]::new))
			.bind("auditRules", seats.stream().map(Line::ruleId).toArray(UUID[]::new))
			.bind("auditVersions", seats.stream().map(Line::ruleVersion).toArray(Integer[]::new));
	}

}
