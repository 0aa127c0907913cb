package dev.marquee.queue;

/**
 * Where an event's waiting room stands: whether it opened, how many joined early (and the
 * seed that shuffled them), and the highest number admitted so far.
 */
public record QueueState(boolean opened, long earlyCount, String seed, long serving) {
}
