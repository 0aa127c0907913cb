package dev.marquee.catalog;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the catalog.
 *
 * @param unknownEventTtl how long a node remembers that an event id is unknown, so ids
 * probed again and again (a stale link, a client retrying) do not reach PostgreSQL each
 * time. Event ids are random and unknown before the event is created, so this delays no
 * real lookup; an event that appears under an id remembered as unknown (written by other
 * means) is found after it
 * @param refreshInterval how often a node reads again the events changed on any node (an
 * edit, a new date, a cancellation reach every node within it)
 */
@Validated
@ConfigurationProperties("marquee.catalog")
public record CatalogProperties(@NotNull @DefaultValue("5s") Duration unknownEventTtl,
		@NotNull @DefaultValue("2s") Duration refreshInterval) {

	/**
	 * {@link #refreshInterval()} for {@code @Scheduled}, read from this record's bean.
	 */
	static final String REFRESH_INTERVAL = "#{@'marquee.catalog-dev.marquee.catalog.CatalogProperties'.refreshInterval()}";

}
