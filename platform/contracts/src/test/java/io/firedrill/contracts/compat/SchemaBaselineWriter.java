package io.firedrill.contracts.compat;

import org.junit.jupiter.api.Test;

/**
 * Records the schema baseline. Not a test: its name keeps it out of the normal build; run it deliberately with
 * {@code mvn -B -ntp -pl platform/contracts test -Dtest=SchemaBaselineWriter} (add
 * {@code -Dcontracts.acceptBreaking=true} to record a breaking change on purpose). See the module README.
 */
class SchemaBaselineWriter {

    @Test
    void recordTheBaseline() {
        boolean acceptBreaking = Boolean.getBoolean("contracts.acceptBreaking");
        BaselineReport recorded = SchemaBaseline.write(SchemaBaselineTest.BASELINE, acceptBreaking);
        System.out.println(recorded.isClean()
                ? "schema baseline already up to date"
                : "schema baseline updated:\n" + recorded.describe());
    }
}
