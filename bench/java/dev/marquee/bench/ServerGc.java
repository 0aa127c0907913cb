package dev.marquee.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Has the server under measurement (same box) run a full collection, through jcmd. */
final class ServerGc {

	private ServerGc() {
	}

	static void run(long pid) throws IOException, InterruptedException {
		Process gc = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
				String.valueOf(pid), "GC.run")
			.redirectErrorStream(true)
			.start();
		gc.getInputStream().readAllBytes();
		gc.waitFor(120, TimeUnit.SECONDS);
	}

}
