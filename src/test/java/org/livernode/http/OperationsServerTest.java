package org.livernode.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.livernode.metrics.NodeMetrics;

/** The HTTP endpoint over real HTTP, with the node's state played by the test. */
class OperationsServerTest {
    private final HttpClient client = HttpClient.newHttpClient();

    private HttpResponse<String> get(OperationsServer server, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthIs503UntilTheModelIsLoadedAndTheDicomServerListensAndAgainWhenEitherStops() throws Exception {
        NodeHealth health = new NodeHealth();
        AtomicBoolean listening = new AtomicBoolean();
        try (OperationsServer server = OperationsServer.start("127.0.0.1", 0, health, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
            HttpResponse<String> starting = get(server, "/health");
            assertEquals(503, starting.statusCode());
            JsonNode body = new ObjectMapper().readTree(starting.body());
            assertEquals("DOWN", body.get("status").asText());
            assertEquals("not loaded", body.get("model").asText());
            assertEquals("not listening", body.get("dicom").asText());
            assertEquals("application/json", starting.headers().firstValue("Content-Type").orElseThrow());

            health.modelLoaded("liver 1.0.0");
            health.serving(NodeHealth.Service.DICOM, listening::get);
            assertEquals(503, get(server, "/health").statusCode(), "model loaded, port not open yet");
            listening.set(true);
            HttpResponse<String> ready = get(server, "/health");
            assertEquals(200, ready.statusCode());
            assertEquals("{\"status\":\"UP\",\"model\":\"liver 1.0.0\",\"dicom\":\"listening\"}", ready.body());

            listening.set(false);
            assertEquals(503, get(server, "/health").statusCode(), "a DICOM server that stopped accepting shows");
        }
    }

    @Test
    void anInferenceWorkersHealthNamesTheBrokerNotADicomServer() throws Exception {
        NodeHealth health = new NodeHealth();
        AtomicBoolean consuming = new AtomicBoolean(true);
        health.modelLoaded("liver 1.0.0");
        health.serving(NodeHealth.Service.BROKER, consuming::get);
        try (OperationsServer server = OperationsServer.start("127.0.0.1", 0, health, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
            HttpResponse<String> ready = get(server, "/health");
            assertEquals(200, ready.statusCode());
            assertEquals("{\"status\":\"UP\",\"model\":\"liver 1.0.0\",\"broker\":\"consuming\"}", ready.body());
            consuming.set(false);
            HttpResponse<String> stopped = get(server, "/health");
            assertEquals(503, stopped.statusCode());
            assertEquals("not consuming", new ObjectMapper().readTree(stopped.body()).get("broker").asText());
        }
    }

    @Test
    void metricsAreInThePrometheusTextFormat() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        NodeMetrics metrics = new NodeMetrics(registry);
        metrics.instanceReceived();
        metrics.instanceReceived();
        try (OperationsServer server = OperationsServer.start("127.0.0.1", 0, new NodeHealth(), registry)) {
            HttpResponse<String> response = get(server, "/metrics");
            assertEquals(200, response.statusCode());
            assertTrue(response.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain; version=0.0.4"));
            assertTrue(response.body().lines().anyMatch(l -> l.equals("livernode_instances_received_total 2.0")), response.body());
            assertTrue(response.body().contains("livernode_associations_total{outcome=\"rejected\"} 0.0"), "outcomes show before they happen");

            assertEquals(404, get(server, "/").statusCode());
            HttpResponse<String> post = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(405, post.statusCode());
        }
    }
}
