package io.firedrill.traffic.cli;

import io.firedrill.traffic.Threshold;
import picocli.CommandLine;

/** Shares on the command line: 5%, 0.05 (see {@link Threshold#ratio}). */
final class Ratio implements CommandLine.ITypeConverter<Double> {
    @Override
    public Double convert(String value) {
        try {
            return Threshold.ratio(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
