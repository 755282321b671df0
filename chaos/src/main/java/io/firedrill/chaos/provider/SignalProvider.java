package io.firedrill.chaos.provider;

import io.firedrill.chaos.core.RunContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** Sets the alert sink's test gauge {@code firedrill_test_signal{name}} ({@code name}, {@code value}): drills the alert path itself. */
final class SignalProvider implements Provider {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @Override
    public Object run(Map<String, Object> args, RunContext context) throws Exception {
        String name = Provider.required(args, "name");
        String value = Provider.required(args, "value");
        HttpRequest put = HttpRequest.newBuilder(URI.create(context.endpoints().alertSinkUrl() + "/api/signals/" + name + "?value=" + value))
                .timeout(Duration.ofSeconds(3)).PUT(HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<String> response = CLIENT.send(put, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("alert sink refused signal " + name + ": HTTP " + response.statusCode());
        }
        return name + "=" + value;
    }
}
