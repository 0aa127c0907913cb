package dev.marquee.gatling;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the buyers saw, beside Gatling's own statistics: every answer by step and outcome (status
 * and problem slug) with its time, what became of each buyer, when holds and purchases succeeded,
 * and every seat the purchases returned (to find a seat sold twice from the client's side too).
 */
final class Outcomes {

	/** "step|outcome" to response times in ms (-1 when there was no answer). */
	private final Map<String, ConcurrentLinkedQueue<Long>> answers = new ConcurrentHashMap<>();

	private final Map<String, LongAdder> buyers = new ConcurrentHashMap<>();

	/** Wall-clock ms at which each successful hold / purchase answered. */
	private final ConcurrentLinkedQueue<Long> held = new ConcurrentLinkedQueue<>();

	private final ConcurrentLinkedQueue<Long> bought = new ConcurrentLinkedQueue<>();

	private final ConcurrentLinkedQueue<String> soldSeats = new ConcurrentLinkedQueue<>();

	private final long started = System.currentTimeMillis();

	void record(String step, String outcome, long responseTimeMs) {
		answers.computeIfAbsent(step + "|" + outcome, k -> new ConcurrentLinkedQueue<>()).add(responseTimeMs);
		long now = System.currentTimeMillis();
		if (step.startsWith("hold") && outcome.equals("201")) {
			held.add(now);
		}
		if (step.equals("purchase") && outcome.equals("201")) {
			bought.add(now);
		}
	}

	void buyer(String what) {
		buyers.computeIfAbsent(what, k -> new LongAdder()).increment();
	}

	void sold(List<String> seats) {
		soldSeats.addAll(seats);
	}

	private static long percentile(List<Long> sorted, double p) {
		if (sorted.isEmpty()) {
			return -1;
		}
		int rank = (int) Math.ceil(p / 100.0 * sorted.size());
		return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
	}

	private static String quote(String s) {
		return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
	}

	private String window(String name, ConcurrentLinkedQueue<Long> times) {
		List<Long> t = new ArrayList<>(times);
		Collections.sort(t);
		if (t.isEmpty()) {
			return quote(name) + ":{\"count\":0}";
		}
		long first = t.get(0), last = t.get(t.size() - 1);
		// the busiest whole second, counted from the first success
		Map<Long, Integer> perSecond = new TreeMap<>();
		for (long x : t) {
			perSecond.merge((x - first) / 1000, 1, Integer::sum);
		}
		int peak = perSecond.values().stream().max(Integer::compare).orElse(0);
		return quote(name) + ":{\"count\":" + t.size() + ",\"firstMsFromStart\":" + (first - started)
				+ ",\"lastMsFromStart\":" + (last - started) + ",\"windowMs\":" + (last - first) + ",\"peakPerSecond\":"
				+ peak + ",\"perSecond\":" + perSecond.values() + "}";
	}

	void write(Path file) {
		StringBuilder json = new StringBuilder("{\"answers\":{");
		String sep = "";
		for (Map.Entry<String, ConcurrentLinkedQueue<Long>> e : new TreeMap<>(answers).entrySet()) {
			List<Long> rts = new ArrayList<>(e.getValue().stream().filter(x -> x >= 0).toList());
			Collections.sort(rts);
			json.append(sep).append(quote(e.getKey())).append(":{\"count\":").append(e.getValue().size())
				.append(",\"p50\":").append(percentile(rts, 50)).append(",\"p95\":").append(percentile(rts, 95))
				.append(",\"p99\":").append(percentile(rts, 99)).append(",\"max\":")
				.append(rts.isEmpty() ? -1 : rts.get(rts.size() - 1)).append('}');
			sep = ",";
		}
		json.append("},\"buyers\":{");
		sep = "";
		for (Map.Entry<String, LongAdder> e : new TreeMap<>(buyers).entrySet()) {
			json.append(sep).append(quote(e.getKey())).append(':').append(e.getValue().sum());
			sep = ",";
		}
		json.append("},\"windows\":{").append(window("holds", held)).append(',').append(window("purchases", bought));
		List<String> seats = new ArrayList<>(soldSeats);
		long distinct = seats.stream().distinct().count();
		json.append("},\"soldSeats\":").append(seats.size()).append(",\"distinctSoldSeats\":").append(distinct).append('}');
		try {
			Files.writeString(file, json.toString());
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot write " + file, ex);
		}
	}

}
