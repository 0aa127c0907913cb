package dev.marquee.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits of the HTTP server on each node ({@code marquee.server.trusted-proxies}, under
 * the same prefix, is read by the web layer in shared).
 *
 * @param maxConnections connections one node keeps open on its HTTP port; past it a new
 * connection is answered 503 and closed. 0 (or less) means the process's open-file limit
 * minus 1,024 kept for PostgreSQL, Redis, Kafka and files
 * @param maxRequestBody the largest request body; one announced larger is refused unread,
 * a chunked one as soon as it grows past it (413)
 */
@ConfigurationProperties("marquee.server")
public record ServerLimitProperties(@DefaultValue("0") int maxConnections,
		@DefaultValue("64KB") DataSize maxRequestBody) {
}
