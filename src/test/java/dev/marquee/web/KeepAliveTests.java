package dev.marquee.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.RepeatedTest;

import dev.marquee.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A keep-alive connection keeps answering after a request that arrived while the one
 * before it was still being answered (browsers and pooled clients do this). Reactor Netty
 * 1.3.6 and 1.3.7 can stop reading such a connection (reactor-netty#4361), so the next
 * request on it hung; this fails without {@code KeepAliveReadRearm}.
 */
class KeepAliveTests extends IntegrationTest {

	private static final Pattern CONTENT_LENGTH = Pattern.compile("(?i)content-length: *(\\d+)");

	@RepeatedTest(5)
	void aConnectionKeepsAnsweringAfterAPipelinedRequest() throws IOException {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(5_000);
			// the first needs the database; the second, sent before the first is
			// answered, is answered at once
			String first = "GET /api/v1/events HTTP/1.1\r\nHost: localhost\r\n\r\n";
			String second = "GET /no-such-thing HTTP/1.1\r\nHost: localhost\r\n\r\n";
			socket.getOutputStream().write((first + second).getBytes(StandardCharsets.US_ASCII));
			socket.getOutputStream().flush();
			InputStream in = socket.getInputStream();
			assertThat(readResponse(in)).startsWith("HTTP/1.1 200");
			assertThat(readResponse(in)).startsWith("HTTP/1.1 404");

			socket.getOutputStream()
				.write("GET /actuator/health/liveness HTTP/1.1\r\nHost: localhost\r\n\r\n"
					.getBytes(StandardCharsets.US_ASCII));
			socket.getOutputStream().flush();
			String third;
			try {
				third = readResponse(in);
			}
			catch (SocketTimeoutException ex) {
				third = "no answer within 5 s";
			}
			assertThat(third).startsWith("HTTP/1.1 200");
		}
	}

	/** One response (a Content-Length or a chunked body), as text. */
	private static String readResponse(InputStream in) throws IOException {
		String headers = readUntilBlankLine(in);
		if (headers.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked")) {
			StringBuilder body = new StringBuilder();
			while (true) {
				int size = Integer.parseInt(readLine(in).trim(), 16);
				body.append(new String(in.readNBytes(size), StandardCharsets.UTF_8));
				readLine(in);
				if (size == 0) {
					return headers + body;
				}
			}
		}
		Matcher length = CONTENT_LENGTH.matcher(headers);
		int bodyLength = length.find() ? Integer.parseInt(length.group(1)) : 0;
		return headers + new String(in.readNBytes(bodyLength), StandardCharsets.UTF_8);
	}

	private static String readUntilBlankLine(InputStream in) throws IOException {
		StringBuilder head = new StringBuilder();
		String line;
		while (!(line = readLine(in)).isEmpty()) {
			head.append(line).append('\n');
		}
		return head.toString();
	}

	private static String readLine(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int b;
		while ((b = in.read()) != '\n') {
			if (b < 0) {
				throw new IOException("connection closed");
			}
			if (b != '\r') {
				line.write(b);
			}
		}
		return line.toString(StandardCharsets.US_ASCII);
	}

}
