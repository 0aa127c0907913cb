package dev.marquee.queue;

import java.util.List;

/**
 * Where an event's waiting room stands: whether it opened, how many joined early (and the seed
 * that shuffled them), and the highest number admitted so far.
 */
public record QueueState(boolean opened, long earlyCount, String seed, long serving) {

	/** From the four fields the scripts answer: opened, earlyCount, seed, serving. */
	static QueueState fromFields(List<String> fields) {
		return new QueueState("1".equals(fields.get(0)), Long.parseLong(fields.get(1)), fields.get(2),
				Long.parseLong(fields.get(3)));
	}

}
