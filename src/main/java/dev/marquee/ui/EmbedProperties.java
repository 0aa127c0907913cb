package dev.marquee.ui;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The sites that may embed the live seat map ({@code /embed/marquee-seat-map.js}, the
 * {@code <marquee-seat-map>} web component): their origins, or origin patterns such as
 * {@code https://*.example.com} or {@code http://localhost:[*]}. None by default: the map
 * is then for this server's own pages only.
 *
 * @param allowedOrigins origins (or patterns) whose pages may load the component and read
 * the public seat map routes it uses
 */
@ConfigurationProperties("marquee.embed")
public record EmbedProperties(List<String> allowedOrigins) {

	public EmbedProperties {
		allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
	}

}
