package org.livernode.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's HTTP endpoint for monitoring: {@code GET /health} (200 when ready, 503 otherwise, with a JSON body
 * that says what is up) and {@code GET /metrics} (Prometheus text format), and, once the node has started, the
 * operator's {@link Console} ({@code /} and {@code /api/}). Reading needs no authentication (the console's actions
 * need the admin token): bind it to 127.0.0.1, the default, or a management network.
 */
public final class OperationsServer implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(OperationsServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The Prometheus text exposition format (version 0.0.4), which every Prometheus scrapes. */
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService executor;

    private OperationsServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Binds the address and port and starts serving. */
    public static OperationsServer start(String bindAddress, int port, NodeHealth health, PrometheusMeterRegistry registry) throws IOException {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(bindAddress), port), 0);
        } catch (IOException e) {
            throw new IOException("cannot serve HTTP on " + bindAddress + ":" + port + ": " + e.getMessage(), e);
        }
        server.createContext("/health", exchange -> respond(exchange, () -> health(health.status())));
        server.createContext("/metrics", exchange -> respond(exchange,
                () -> new Response(200, PROMETHEUS_TEXT, registry.scrape())));
        // A scrape, a health check and a console page with its requests at once; a preview takes a moment to draw.
        ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
            Thread thread = new Thread(r, "http");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.start();
        log.info("HTTP on {}:{}: /health and /metrics", bindAddress, server.getAddress().getPort());
        return new OperationsServer(server, executor);
    }

    /** Serves the console from now on (the node's parts it shows exist only once the node has started). */
    public void console(Console console) {
        server.createContext("/api/", console::api);
        server.createContext("/", console::page);
        log.info("Operator's console on http://{}:{}/", server.getAddress().getHostString(), port());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private record Response(int status, String contentType, String body) {}

    private static Response health(NodeHealth.Status status) {
        ObjectNode body = JSON.createObjectNode();
        body.put("status", status.ready() ? "UP" : "DOWN");
        body.put("model", status.modelLoaded() ? status.model() : "not loaded");
        body.put(status.service().field(), status.service().state(status.serving()));
        return new Response(status.ready() ? 200 : 503, "application/json", body.toString());
    }

    private static void respond(HttpExchange exchange, Supplier<Response> handler) throws IOException {
        try (exchange) {
            Response response = exchange.getRequestMethod().equals("GET") || exchange.getRequestMethod().equals("HEAD")
                    ? handler.get() : new Response(405, "text/plain; charset=utf-8", "only GET\n");
            byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", response.contentType());
            boolean head = exchange.getRequestMethod().equals("HEAD");
            exchange.sendResponseHeaders(response.status(), head ? -1 : body.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
