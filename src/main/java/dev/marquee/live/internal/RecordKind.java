package dev.marquee.live.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * What a record on the bus's topic carries, named by its {@value #HEADER} header. Seat
 * changes carry no header (the topic's first and most frequent kind; records from older
 * nodes read as seat changes too).
 */
enum RecordKind {

	SEATS(null), QUEUE("queue"), WAITLIST("waitlist");

	/** The header naming what a record carries. */
	static final String HEADER = "marquee-kind";

	private final byte[] value;

	RecordKind(String value) {
		this.value = value == null ? null : value.getBytes(StandardCharsets.UTF_8);
	}

	/** The headers to send a record of this kind with. */
	List<Header> headers() {
		return value == null ? List.of() : List.of(new RecordHeader(HEADER, value));
	}

	/**
	 * The kind a received record names; a seat change when it names none (or one unknown
	 * here).
	 */
	static RecordKind of(Headers headers) {
		Header header = headers.lastHeader(HEADER);
		if (header != null) {
			for (RecordKind kind : values()) {
				if (kind.value != null && Arrays.equals(kind.value, header.value())) {
					return kind;
				}
			}
		}
		return SEATS;
	}

}
