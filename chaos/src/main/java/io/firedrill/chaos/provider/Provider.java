package io.firedrill.chaos.provider;

import io.firedrill.chaos.core.RunContext;
import java.util.Map;

/** Executes one kind of activity. Arguments arrive with their placeholders already substituted. */
@FunctionalInterface
public interface Provider {
    /** @return the output recorded in the journal and judged by a probe's tolerance */
    Object run(Map<String, Object> args, RunContext context) throws Exception;

    static String required(Map<String, Object> args, String name) {
        Object value = args.get(name);
        if (value == null || value.toString().isBlank()) {
            throw new IllegalArgumentException("missing argument '" + name + "'");
        }
        return value.toString();
    }

    static String optional(Map<String, Object> args, String name, String fallback) {
        Object value = args.get(name);
        return value == null ? fallback : value.toString();
    }
}
