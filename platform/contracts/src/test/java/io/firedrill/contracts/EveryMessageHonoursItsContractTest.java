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
    void envelopeAroundTheSampleValidatesAndRoundTrips(MessageType type) {
        Envelope envelope = Envelope.wrap(Samples.of(type), TenantRegion.AP_SOUTH,
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", Samples.NOW);
        byte[] json = CODEC.toBytes(envelope);

        ValidationResult result = VALIDATOR.validateEnvelope(json);

        assertThat(result.violations()).as(result.summary()).isEmpty();
        assertThat(CODEC.envelopeFromJson(json)).isEqualTo(envelope);
    }

    @ParameterizedTest
    @EnumSource(MessageType.class)
    void sampleKnowsItsRegistryEntry(MessageType type) {
        assertThat(Samples.of(type).messageType()).isEqualTo(type);
        assertThat(Samples.of(type).getClass()).isEqualTo(type.recordClass());
    }
}
