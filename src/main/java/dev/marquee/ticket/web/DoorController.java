package dev.marquee.ticket.web;

import java.util.List;

import dev.marquee.catalog.EventId;
import dev.marquee.ticket.DoorCounts;
import dev.marquee.ticket.DoorKey;
import dev.marquee.ticket.DoorList;
import dev.marquee.ticket.DoorManagement;
import dev.marquee.ticket.OfflineScan;
import dev.marquee.ticket.Settlement;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The door scanner's endpoints (SCANNER; the list and the counts also ADMIN): the signed
 * list a device keeps for offline scanning, the key that verifies it, the scans a device
 * made offline, and the counts per gate.
 */
@RestController
@RequestMapping("/api/v1")
class DoorController {

	private final DoorManagement door;

	DoorController(DoorManagement door) {
		this.door = door;
	}

	@GetMapping(path = "/events/{eventId}/door-list", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<DoorList> doorList(@PathVariable String eventId) {
		return Mono.defer(() -> door.doorList(EventId.parse(eventId)));
	}

	@GetMapping(path = "/door/public-key", produces = MediaType.APPLICATION_JSON_VALUE)
	DoorKey publicKey() {
		return door.publicKey();
	}

	record SyncRequest(List<OfflineScan> scans) {
	}

	/** The verdicts, one per scan sent, in the same order. */
	record SyncView(List<Settlement> results) {
	}

	@PostMapping(path = "/events/{eventId}/scans", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<SyncView> sync(@PathVariable String eventId, @RequestBody SyncRequest request) {
		return Mono.defer(() -> door.settle(EventId.parse(eventId), request.scans())).map(SyncView::new);
	}

	@GetMapping(path = "/events/{eventId}/door-counts", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<DoorCounts> counts(@PathVariable String eventId) {
		return Mono.defer(() -> door.counts(EventId.parse(eventId)));
	}

}
