import java.nio.charset.StandardCharsets;

import io.netty.buffer.Unpooled;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The ladder's first rung: a bare Reactor Netty HTTP server (the Reactor Netty of Marquee's
 * own jar, no Spring) answering every GET with a short text body. Run by bench/ladder.sh
 * with the source launcher: java -cp 'lib/*' HelloNetty.java PORT
 */
public class HelloNetty {

	public static void main(String[] args) {
		int port = Integer.parseInt(args[0]);
		byte[] hello = "hello".getBytes(StandardCharsets.US_ASCII);
		DisposableServer server = HttpServer.create()
			.host("127.0.0.1")
			.port(port)
			.route(routes -> routes.get("/**", (request, response) -> response.header("content-type", "text/plain")
				.sendObject(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(hello)))))
			.bindNow();
		server.onDispose().block();
	}

}
