package dev.marquee.ticket;

/**
 * A scan made offline, as the device sends it; every field is checked
 * ({@link DoorScanChecks}) before any scan of its batch is settled.
 */
public record OfflineScan(String code, String scannedAt, String gate, String deviceId) {
}
