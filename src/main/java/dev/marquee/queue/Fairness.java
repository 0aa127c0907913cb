package dev.marquee.queue;

/**
 * What anyone may check of a waiting room's shuffle: the commitment to its seed (SHA-256
 * of the seed, hex) from before the first early joiner, and once the queue opened the
 * number of early joiners and the seed itself, with which every early joiner's number can
 * be recomputed ({@code docs/FAIRNESS.md}).
 *
 * @param eventId the event
 * @param commitment SHA-256 of the seed, lowercase hex; null while the queue has none
 * (nobody has joined or asked yet)
 * @param opened whether the queue has opened (and the shuffle is fixed)
 * @param earlyJoined once opened: how many joined early (the {@code n} of the shuffle)
 * @param seed once opened: the seed, 32 lowercase hex characters
 * @param algorithm how to recompute a number, with the algorithm's version
 */
public record Fairness(String eventId, String commitment, boolean opened, Long earlyJoined, String seed,
		String algorithm) {

	/** The shuffle, as {@link EarlyShuffle} and the verifiers compute it. */
	static final String ALGORITHM = "marquee-early-shuffle-v1: number = 1 + permute(earlyIndex - 1, earlyJoined, seed), "
			+ "permute = 4-round Feistel network over HMAC-SHA256 keyed with the seed's UTF-8 bytes "
			+ "(round function: first 8 bytes, big-endian, of HMAC(round byte || right half as 8-byte big-endian)), "
			+ "cycle-walked below earlyJoined; commitment = hex(SHA-256(seed))";

}
