package io.firedrill.traffic.cli;

import io.firedrill.traffic.Threshold;
import java.time.Duration;
import picocli.CommandLine;

/** Durations on the command line: 90, 90s, 1500ms, 10m, 1h (a bare number is seconds). */
final class SecondsDuration implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        String v = value.trim();
        if (v.startsWith("-")) {
            throw new CommandLine.TypeConversionException("'" + value + "' is negative: durations must be positive");
        }
        try {
            return Threshold.parseDuration(v.matches("\\d+(\\.\\d+)?") ? v + "s" : v);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
