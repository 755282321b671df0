package io.firedrill.stack.component;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;

/**
 * The flags by which the launchers put the stack home on a server's command line: the one list {@code up} and
 * {@code down} recognise a server of a home by. A process is a server of {@code home} when one of its arguments is one
 * of these flags with a path under it; a mere mention of the home (a {@code tail -F <home>/kafka/kafka.log} in another
 * terminal, an editor on a config) is not.
 */
public enum HomeFlag {
    /** Every JVM server and service ({@link ServerSupport#java}), and the Kafka storage formatter. */
    JVM_PROPERTY("-Dfiredrill.home="),
    /** mariadbd and mariadb-install-db ({@link MariaDbServer}). */
    DEFAULTS_FILE("--defaults-file="),
    /** Prometheus and Alertmanager. */
    CONFIG_FILE("--config.file=");

    private final String flag;

    HomeFlag(String flag) { this.flag = flag; }

    /** The argument to launch with: this flag naming {@code path}, which must lie under the stack home. */
    public String arg(Path path) { return flag + path; }

    /** True if one of {@code arguments} is one of these flags with an absolute path under {@code home} (or the home itself). */
    public static boolean namesHome(List<String> arguments, Path home) {
        for (String argument : arguments) {
            for (HomeFlag f : values()) {
                if (argument.startsWith(f.flag)) {
                    try {
                        Path value = Path.of(argument.substring(f.flag.length()));
                        if (value.isAbsolute() && value.normalize().startsWith(home)) {
                            return true;
                        }
                    } catch (InvalidPathException e) {
                        // not a path: not ours
                    }
                }
            }
        }
        return false;
    }
}
