package io.firedrill.chaos.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a chaos-monkey assault of a service acts on, as JVMChaos needs it: the classes of the beans the service's
 * {@code chaos-monkey} profile watches ({@code chaos.monkey.watcher.beans} in its application.yml) and their public
 * methods, read from the service's sources. A watched bean that is not a class of the service (an interface, a bean made
 * by a factory method) has no class to name: then the assault has no JVMChaos equivalent as a whole.
 */
final class WatchedBeans {

    /** One class and the public instance methods chaos-monkey's proxy intercepts. */
    record Target(String className, List<String> methods) {}

    private static final Pattern WATCHED = Pattern.compile("(?m)^\\s*chaos\\.monkey\\.watcher\\.beans:\\s*(\\S+)\\s*$");
    private static final Pattern PACKAGE = Pattern.compile("(?m)^package\\s+([\\w.]+);");
    private static final Pattern PUBLIC_METHOD =
            Pattern.compile("(?m)^ {4}public\\s+(?!static\\b)(?!class\\b)(?!record\\b)(?!interface\\b)[\\w<>\\[\\],.? ]+?\\s(\\w+)\\s*\\(");

    private WatchedBeans() {}

    /** The targets of {@code service}'s assaults ({@code payment} for payment-service), or empty when one bean has none. */
    static Optional<List<Target>> of(Path projectRoot, String service) {
        Path module = projectRoot.resolve("services").resolve(service + "-service");
        try {
            Path yml = module.resolve("src/main/resources/application.yml");
            if (!Files.isRegularFile(yml)) {
                return Optional.empty();
            }
            Matcher watched = WATCHED.matcher(Files.readString(yml));
            if (!watched.find()) {
                return Optional.empty();
            }
            List<Target> targets = new ArrayList<>();
            for (String bean : watched.group(1).split(",")) {
                String simpleName = Character.toUpperCase(bean.charAt(0)) + bean.substring(1);
                Optional<Target> target = target(module.resolve("src/main/java"), simpleName);
                if (target.isEmpty()) {
                    return Optional.empty();
                }
                targets.add(target.get());
            }
            return Optional.of(targets);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<Target> target(Path sources, String simpleName) throws IOException {
        Pattern declaration = Pattern.compile("(?m)^(public\\s+)?(final\\s+)?class\\s+" + simpleName + "\\b");
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.getFileName().toString().equals(simpleName + ".java")).toList()) {
                String text = Files.readString(file);
                Matcher pkg = PACKAGE.matcher(text);
                if (!declaration.matcher(text).find() || !pkg.find()) {
                    continue;
                }
                Set<String> methods = new LinkedHashSet<>();
                Matcher method = PUBLIC_METHOD.matcher(text);
                while (method.find()) {
                    if (!method.group(1).equals(simpleName)) {
                        methods.add(method.group(1));
                    }
                }
                if (!methods.isEmpty()) {
                    return Optional.of(new Target(pkg.group(1) + "." + simpleName, List.copyOf(methods)));
                }
            }
        }
        return Optional.empty();
    }
}
