package io.firedrill.traffic;

/** The run could not start or go on (target unreachable, catalog rejected, port busy): a clear message, no trace. */
public class TrafficException extends RuntimeException {
    public TrafficException(String message) { super(message); }

    public TrafficException(String message, Throwable cause) { super(message, cause); }
}
