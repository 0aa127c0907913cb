package dev.marquee.ticket;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import dev.marquee.shared.Text;
import dev.marquee.shared.Violations;

/**
 * The rules of what a scanner sends: a gate's name, a device's id, and a batch of offline
 * scans, every violation listed by its path ({@code scans[2].gate}).
 */
final class DoorScanChecks {

	/** The most scans one sync may carry. */
	static final int MAX_SCANS = 500;

	private static final int MAX_GATE = 64;

	private static final int MAX_CODE = 512;

	private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

	/** How far ahead of the server's clock a device's clock may run. */
	private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

	private DoorScanChecks() {
	}

	/** A scan whose fields were checked, named as the door's records name it. */
	record Checked(String code, DoorScanRepository.ScanKey key, String gate) {
	}

	static List<Checked> checked(List<OfflineScan> batch, Clock clock) {
		Violations v = new Violations();
		if (batch == null || batch.isEmpty() || batch.size() > MAX_SCANS) {
			v.add("scans", "must list 1 to " + MAX_SCANS + " scans");
			v.throwIfAny();
		}
		Instant latest = clock.instant().plus(CLOCK_SKEW);
		List<Checked> checked = new ArrayList<>();
		for (int i = 0; i < batch.size(); i++) {
			String at = "scans[" + i + "]";
			OfflineScan scan = batch.get(i);
			if (scan == null) {
				v.add(at, "is required");
				continue;
			}
			v.check(scan.code() != null && !scan.code().isBlank() && scan.code().length() <= MAX_CODE, at + ".code",
					"is required: the scanned text, at most " + MAX_CODE + " characters");
			Instant scannedAt = instant(scan.scannedAt());
			if (scannedAt == null) {
				v.add(at + ".scannedAt", "must be an instant in ISO-8601, like 2026-11-22T19:02:11Z");
			}
			else {
				v.check(!scannedAt.isAfter(latest), at + ".scannedAt", "must not be in the future");
			}
			checkGate(v, at + ".gate", scan.gate());
			checkDeviceId(v, at + ".deviceId", scan.deviceId());
			if (v.isEmpty()) {
				checked.add(new Checked(scan.code(),
						new DoorScanRepository.ScanKey(TicketCodes.hash(scan.code()), scan.deviceId(), scannedAt),
						scan.gate().strip()));
			}
		}
		v.throwIfAny();
		return checked;
	}

	static void checkGate(Violations v, String field, String gate) {
		v.check(Text.isClean(gate, MAX_GATE), field,
				"is required: the gate's name, at most " + MAX_GATE + " characters, no control characters");
	}

	static void checkDeviceId(Violations v, String field, String deviceId) {
		v.check(deviceId != null && DEVICE_ID.matcher(deviceId).matches(), field,
				"is required: up to 100 letters, digits and . _ : -");
	}

	private static Instant instant(String text) {
		if (text == null) {
			return null;
		}
		try {
			// PostgreSQL keeps microseconds: the same scan sent again must find its row
			return Instant.parse(text.strip()).truncatedTo(ChronoUnit.MICROS);
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

}
