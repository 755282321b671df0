package io.firedrill.chaos.catalog;

import io.firedrill.chaos.core.RunContext;
import io.firedrill.chaos.model.Activity;
import io.firedrill.stack.component.SpringService;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * How a fault is injected, in one line, from a {@code fault: true} activity: the provider type, then its method,
 * action and target, then its body and remaining arguments, with the mode's variables filled in, e.g.
 * {@code http PATCH inventory-service /admin/settings {confirmGuard: false}} or {@code stack replica-delay {seconds: 8}}.
 * Keys are sorted (scenario maps keep no order), so the text is stable.
 */
final class LeverText {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.\\-]+)}");
    /** A URL that starts at a stack endpoint: {@code ${inventory.admin}/admin/settings}, {@code ${prometheus.url}/api}. */
    private static final Pattern ENDPOINT_URL = Pattern.compile("^\\$\\{([a-z0-9-]+)\\.(url|admin)}(.*)$");
    /** Arguments that say how to call, not what the fault is. */
    private static final List<String> NOT_THE_FAULT = List.of("auth", "timeout");

    private LeverText() {}

    static String of(Activity activity, Map<String, String> modeVariables) {
        Map<String, Object> args = new TreeMap<>(activity.provider());
        NOT_THE_FAULT.forEach(args::remove);
        StringBuilder text = new StringBuilder(activity.providerType());
        args.remove("type");
        for (String head : List.of("method", "action")) {
            Object value = args.remove(head);
            if (value != null) {
                text.append(' ').append(value(value, modeVariables));
            }
        }
        Object url = args.remove("url");
        if (url != null) {
            text.append(' ').append(target(url.toString(), modeVariables));
        }
        Object body = args.remove("body");
        if (body != null) {
            text.append(' ').append(value(body, modeVariables));
        }
        if (!args.isEmpty()) {
            text.append(' ').append(value(args, modeVariables));
        }
        return text.toString();
    }

    /** {@code ${inventory.admin}/admin/settings} reads {@code inventory-service /admin/settings}. */
    private static String target(String url, Map<String, String> modeVariables) {
        Matcher m = ENDPOINT_URL.matcher(url);
        if (!m.matches()) {
            return substitute(url, modeVariables);
        }
        String endpoint = SpringService.ALL.stream().filter(s -> RunContext.variableName(s).equals(m.group(1)))
                .map(SpringService.Spec::name).findFirst().orElse(m.group(1));
        return endpoint + " " + substitute(m.group(3), modeVariables);
    }

    private static String value(Object value, Map<String, String> modeVariables) {
        if (value instanceof Map<?, ?> map) {
            return new TreeMap<>(map).entrySet().stream()
                    .map(e -> e.getKey() + ": " + value(e.getValue(), modeVariables))
                    .collect(Collectors.joining(", ", "{", "}"));
        }
        if (value instanceof List<?> list) {
            return list.stream().map(v -> value(v, modeVariables)).collect(Collectors.joining(", ", "[", "]"));
        }
        return substitute(String.valueOf(value), modeVariables);
    }

    /** Fills in the mode's variables; any other placeholder (a stack endpoint, the token) stays as written. */
    private static String substitute(String text, Map<String, String> modeVariables) {
        return PLACEHOLDER.matcher(text).replaceAll(m -> Matcher.quoteReplacement(modeVariables.getOrDefault(m.group(1), m.group())));
    }
}
