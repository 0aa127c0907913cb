package dev.marquee.shared.web;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.media.Schema;

/**
 * How the OpenAPI document names and shapes the web records. Views nested in views are
 * named after both ({@code SeatMapView.SectionView} is {@code SeatMapSectionView}), so
 * the three {@code SectionView}s and two {@code QueueView}s do not overwrite one another;
 * a typed id ({@code EventId}, a record of one UUID) is the string it is on the wire; and
 * every field of a response view is marked required unless the server leaves it out when
 * it has no value ({@code spring.jackson.default-property-inclusion: non_null}).
 */
final class ApiSchemas {

	/** Response fields that are absent rather than null when they have no value. */
	private static final Set<String> OPTIONAL = Set.of("EventQueueView.admitPerMinute", "VenueSectionView.capacity",
			"SeatMapSectionView.capacity", "HoldView.orderId", "TicketView.code", "TicketView.usedAt",
			"QueueView.position", "QueueView.opensAt", "QueueView.admissionToken", "QueueView.admissionExpiresAt",
			"EntryView.position", "EntryView.holdId", "EntryView.offerExpiresAt");

	private ApiSchemas() {
	}

	static Schema<?> resolve(AnnotatedType type, ModelConverterContext context, Iterator<ModelConverter> chain) {
		Class<?> raw = Json.mapper().constructType(type.getType()).getRawClass();
		if (isTypedId(raw)) {
			return context.resolve(new AnnotatedType(UUID.class));
		}
		String name = nameOf(raw);
		if (name != null && type.getName() == null) {
			type.name(name);
		}
		return chain.hasNext() ? chain.next().resolve(type, context, chain) : null;
	}

	private static boolean isTypedId(Class<?> raw) {
		RecordComponent[] components = raw.isRecord() ? raw.getRecordComponents() : null;
		return components != null && raw.getPackageName().startsWith("dev.marquee.")
				&& raw.getSimpleName().endsWith("Id") && components.length == 1
				&& components[0].getType() == UUID.class;
	}

	private static String nameOf(Class<?> raw) {
		Class<?> outer = raw.getEnclosingClass();
		if (raw.isRecord() && outer != null && outer.isRecord() && raw.getPackageName().startsWith("dev.marquee.")) {
			return outer.getSimpleName().replaceFirst("View$", "") + raw.getSimpleName();
		}
		return null;
	}

	/**
	 * Marks every field of a response view (and of Money) required, but for
	 * {@link #OPTIONAL}.
	 */
	static void markAlwaysPresent(Map<String, Schema> schemas) {
		if (schemas == null) {
			return;
		}
		schemas.forEach((name, schema) -> {
			if ((name.endsWith("View") || name.equals("Money")) && schema.getProperties() != null) {
				List<String> required = new ArrayList<>();
				for (Object property : schema.getProperties().keySet()) {
					if (!OPTIONAL.contains(name + "." + property)) {
						required.add((String) property);
					}
				}
				schema.setRequired(required);
			}
		});
	}

}
