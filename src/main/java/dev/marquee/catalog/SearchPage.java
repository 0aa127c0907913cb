package dev.marquee.catalog;

import java.util.List;

/**
 * A page of a search of the events: their ids in the page's order, and where the next
 * page starts (null on the last page).
 */
public record SearchPage(List<EventId> events, EventSearch.Cursor next) {
}
