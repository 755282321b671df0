package io.firedrill.chaos.provider;

import com.fasterxml.jackson.databind.JsonNode;
import io.firedrill.chaos.core.RunContext;
import java.util.Map;

/**
 * An instant PromQL query ({@code query}). Output: the value of the first sample as a number, or
 * {@code empty-value} (default 0) when the result is empty — say which you mean: an absent series is
 * often "nothing happened", but not always.
 */
final class PrometheusProvider implements Provider {

    @Override
    public Object run(Map<String, Object> args, RunContext context) throws Exception {
        String query = Provider.required(args, "query");
        JsonNode data = PrometheusQueries.query(query, context);
        JsonNode result = data.path("result");
        String type = data.path("resultType").asText();
        if (type.equals("scalar")) {
            return result.get(1).asDouble();
        }
        if (result.isEmpty()) {
            Object empty = args.getOrDefault("empty-value", 0);
            return empty == null ? null : Double.parseDouble(empty.toString());
        }
        return result.get(0).path("value").get(1).asDouble();
    }
}
