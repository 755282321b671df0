package io.firedrill.chaos.core;

import io.firedrill.stack.Endpoints;
import io.firedrill.stack.Stack;
import io.firedrill.stack.component.SpringService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What activities see while a scenario runs: the stack, its endpoints, the mode, and the variables that fill
 * {@code ${name}} placeholders in provider arguments (stack endpoints, each of {@link SpringService#ALL}'s URL and
 * management URL as {@code <name>.url} and {@code <name>.admin}, the admin token, and
 * the mode's own variables, which win).
 */
public final class RunContext {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.\\-]+)}");

    private final Stack stack;
    private final Endpoints endpoints;
    private final String mode;
    private final Map<String, String> variables;
    private final Timeline timeline;

    public RunContext(Stack stack, Endpoints endpoints, String mode, Map<String, String> modeVariables, Timeline timeline) {
        this.stack = stack;
        this.endpoints = endpoints;
        this.mode = mode;
        this.timeline = timeline;
        Map<String, String> vars = new LinkedHashMap<>(endpoints.asEnvironment());
        var ports = stack.layout().ports();
        for (SpringService.Spec service : SpringService.ALL) {
            String name = variableName(service);
            vars.put(name + ".url", "http://127.0.0.1:" + ports.service(service.portIndex()));
            vars.put(name + ".admin", "http://127.0.0.1:" + ports.management(service.portIndex()));
        }
        vars.put("prometheus.url", endpoints.prometheusUrl());
        vars.put("alert-sink.url", endpoints.alertSinkUrl());
        vars.put("mode", mode);
        // This run's start as a SQL UTC timestamp: "rows of this run" in an invariant, not "of the last N seconds",
        // which in a nightly also counts the run before.
        vars.put("run.started-utc", java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS")
                .withZone(java.time.ZoneOffset.UTC).format(timeline.start()));
        Path token = stack.layout().home().resolve("admin-token");
        try {
            vars.put("admin.token", Files.exists(token) ? Files.readString(token).trim() : "");
        } catch (java.io.IOException e) {
            vars.put("admin.token", "");
        }
        vars.putAll(modeVariables);
        this.variables = Map.copyOf(vars);
    }

    /** How scenarios name a service in variables: {@code order} for order-service, {@code cdc-relay} as it is. */
    public static String variableName(SpringService.Spec service) {
        return service.name().replaceFirst("-service$", "");
    }

    public Stack stack() { return stack; }
    public Endpoints endpoints() { return endpoints; }
    public String mode() { return mode; }
    public Timeline timeline() { return timeline; }
    public Map<String, String> variables() { return variables; }

    /** Replaces every {@code ${name}}; an unknown name is an error naming it (a typo must not run silently). */
    public String substitute(String text) {
        return substitute(text, variables);
    }

    /** Substitutes placeholders in every string inside a provider's arguments (maps and lists too). */
    public Object resolve(Object value) {
        return resolve(value, variables);
    }

    /** {@link #substitute(String)} with other variables (e.g. the in-cluster ones of the Chaos Mesh export). */
    public static String substitute(String text, Map<String, String> variables) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = variables.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException("unknown variable ${" + m.group(1) + "}; known: " + variables.keySet());
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** {@link #resolve(Object)} with other variables. */
    @SuppressWarnings("unchecked")
    public static Object resolve(Object value, Map<String, String> variables) {
        if (value instanceof String s) {
            String resolved = substitute(s, variables);
            // A value that is a placeholder alone keeps the type of what it stands for (true, 1, 2.5).
            if (PLACEHOLDER.matcher(s).matches()) {
                if (resolved.equals("true") || resolved.equals("false")) {
                    return Boolean.valueOf(resolved);
                }
                if (resolved.matches("-?\\d+")) {
                    return Long.valueOf(resolved);
                }
            }
            return resolved;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            ((Map<String, Object>) map).forEach((k, v) -> out.put(k, resolve(v, variables)));
            return out;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(v -> resolve(v, variables)).toList();
        }
        return value;
    }
}
