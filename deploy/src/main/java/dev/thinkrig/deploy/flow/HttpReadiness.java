package dev.thinkrig.deploy.flow;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/** Readiness by HTTP: ready when {@code GET url} answers 200; otherwise says what was seen instead. */
public final class HttpReadiness {

    /** One probe must not hold up the wait loop that also watches the container. */
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);

    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(PROBE_TIMEOUT).build();
    private final URI url;

    public HttpReadiness(URI url) {
        this.url = url;
    }

    public URI url() {
        return url;
    }

    /** Empty when ready; else what the probe saw ("connection refused", "HTTP 503"). */
    public String probe() {
        try {
            HttpResponse<Void> r = client.send(
                    HttpRequest.newBuilder(url).timeout(PROBE_TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200 ? "" : "HTTP " + r.statusCode();
        } catch (HttpTimeoutException e) {
            return "no answer within " + PROBE_TIMEOUT.toSeconds() + " s";
        } catch (ConnectException e) {
            return "connection refused";
        } catch (IOException e) {
            return "connection closed (" + e.getClass().getSimpleName() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
