package io.firedrill.contracts;

/** Commands ask a participant to act (imperative names); events report what happened (past tense). */
public enum MessageKind {
    COMMAND,
    EVENT
}
