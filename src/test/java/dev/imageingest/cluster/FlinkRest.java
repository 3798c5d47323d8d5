package dev.imageingest.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The few calls of Flink's REST API the cluster test reads (plain JDK HTTP client). */
final class FlinkRest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    FlinkRest(int port) {
        this.base = "http://localhost:" + port;
    }

    /** GET {@code path} as JSON; throws on a non-200 answer or no answer. */
    JsonNode get(String path) throws IOException {
        return MAPPER.readTree(text(base + path));
    }

    /** GET any URL as text (also used for Prometheus endpoints). */
    String text(String url) throws IOException {
        HttpRequest request =
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build();
        try {
            HttpResponse<String> response =
                    http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException(url + " answered " + response.statusCode());
            }
            return response.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** Registered TaskManagers, or an empty list while the JobManager does not answer. */
    List<JsonNode> taskManagers() {
        List<JsonNode> out = new ArrayList<>();
        try {
            get("/taskmanagers").path("taskmanagers").forEach(out::add);
        } catch (IOException e) {
            // not up (yet)
        }
        return out;
    }

    /** The job's state, e.g. RUNNING. */
    String jobState(String jobId) throws IOException {
        return get("/jobs/" + jobId).path("state").asText();
    }

    /** True once the job runs and every one of its tasks is RUNNING. */
    boolean allTasksRunning(String jobId) {
        try {
            JsonNode job = get("/jobs/" + jobId);
            if (!"RUNNING".equals(job.path("state").asText())) {
                return false;
            }
            for (JsonNode vertex : job.path("vertices")) {
                if (!"RUNNING".equals(vertex.path("status").asText())) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code /jobs/<id>/checkpoints}: counts (completed, restored) and latest (restored). */
    JsonNode checkpoints(String jobId) throws IOException {
        return get("/jobs/" + jobId + "/checkpoints");
    }

    long completedCheckpoints(String jobId) {
        try {
            return checkpoints(jobId).path("counts").path("completed").asLong();
        } catch (IOException e) {
            return 0;
        }
    }
}
