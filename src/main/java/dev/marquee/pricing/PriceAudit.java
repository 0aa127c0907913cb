package dev.marquee.pricing;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
	 * The common table expression {@code name as (...)} that inserts the lines of each
	 * order that is a row of {@code orders} (a CTE of the caller's statement whose rows
	 * carry the order's {@code id}, {@code hold_id}, {@code event_id}, {@code currency}
	 * and {@code created_at}, when its audit is recorded). Its parameters are named
	 * {@code audit*}; bind them with {@link #bind}.
	 */
	public static String step(String name, String orders) {
		return name
				+ """
						 as (
						  insert into price_audit (order_id, hold_id, event_id, seat_id, tier, base_minor, amount_minor, currency,
						    rule_id, rule_version, priced_at, recorded_at)
						  select o.id, o.hold_id, o.event_id, a.seat, a.tier, a.base, a.amount, o.currency, a.rule, a.version,
						    a.priced_at, o.created_at
						  from unnest(:auditOrders::uuid[], :auditSeats::text[], :auditTiers::text[], :auditBases::bigint[],
						    :auditAmounts::bigint[], :auditRules::uuid[], :auditVersions::integer[],
						    :auditPricedAt::timestamptz[]) as a(order_id, seat, tier, base, amount, rule, version, priced_at)
						  join %1$s o on o.id = a.order_id
						)"""
					.formatted(orders);
	}

	/**
	 * Binds the parameters of {@link #step} for the audits of {@code byOrder}: the audit
	 * of each order, by the order's id (an order without one is not audited).
	 */
	public static GenericExecuteSpec bind(GenericExecuteSpec spec, Map<UUID, PriceAudit> byOrder) {
		List<UUID> orders = new ArrayList<>();
		List<Line> lines = new ArrayList<>();
		List<OffsetDateTime> pricedAt = new ArrayList<>();
		byOrder.forEach((order, audit) -> audit.seats().forEach(line -> {
			orders.add(order);
			lines.add(line);
			pricedAt.add(audit.pricedAt().atOffset(ZoneOffset.UTC));
		}));
		return spec.bind("auditOrders", orders.toArray(UUID[]::new))
			.bind("auditSeats", lines.stream().map(Line::seatId).toArray(String[]::new))
			.bind("auditTiers", lines.stream().map(Line::tier).toArray(String[]::new))
			.bind("auditBases", lines.stream().map(l -> l.basePrice().amountMinor()).toArray(Long[]::new))
			.bind("auditAmounts", lines.stream().map(l -> l.price().amountMinor()).toArray(Long[]::new))
			.bind("auditRules", lines.stream().map(Line::ruleId).toArray(UUID[]::new))
			.bind("auditVersions", lines.stream().map(Line::ruleVersion).toArray(Integer[]::new))
			.bind("auditPricedAt", pricedAt.toArray(OffsetDateTime[]::new));
	}

}
