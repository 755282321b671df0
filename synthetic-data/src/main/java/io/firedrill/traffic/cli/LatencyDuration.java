package io.firedrill.traffic.cli;

import io.firedrill.traffic.Threshold;
import java.time.Duration;
import picocli.CommandLine;

/** Latency limits: 300ms, 1.5s, 250us (a bare number is milliseconds). */
final class LatencyDuration implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        try {
            return Threshold.parseDuration(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
