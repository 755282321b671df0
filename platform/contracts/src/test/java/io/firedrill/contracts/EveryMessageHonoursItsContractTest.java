package io.firedrill.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Iterates the registry, so a newly registered message cannot skip these checks. */
class EveryMessageHonoursItsContractTest {

    private static final ContractValidator VALIDATOR = ContractValidator.create();
    private static final ContractCodec CODEC = ContractCodec.shared();

    @ParameterizedTest
    @EnumSource(MessageType.class)
    void serializedSampleValidatesAgainstItsCurrentSchema(MessageType type) {
        byte[] json = CODEC.toBytes(Samples.of(type));

        ValidationResult result = VALIDATOR.validate(type.typeName(), type.currentVersion(), json);

        assertThat(result.violations()).as(result.summary()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(MessageType.class)
    void decodingTheSerializedSampleGivesItBack(MessageType type) {
        Message sample = Samples.of(type);

        assertThat(CODEC.fromJson(type.typeName(), CODEC.toBytes(sample))).isEqualTo(sample);
    }

    @ParameterizedTest
    @EnumSource(MessageType.class)
    void sampleKnowsItsRegistryEntry(MessageType type) {
        assertThat(Samples.of(type).messageType()).isEqualTo(type);
        assertThat(Samples.of(type).getClass()).isEqualTo(type.recordClass());
    }
}
