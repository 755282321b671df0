package io.firedrill.stack.component;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class KafkaClusterIdTest {

    /** About one id in 64 would start with '-' if drawn once; 5,000 draws would meet about 78 of them. */
    @Test
    void aClusterIdIsSixteenBytesOfUrlSafeBase64ThatKafkaStorageCannotMistakeForAnOption() {
        for (int i = 0; i < 5_000; i++) {
            String id = KafkaBroker.clusterId();
            assertThat(id).doesNotStartWith("-").hasSize(22);
            assertThat(Base64.getUrlDecoder().decode(id)).hasSize(16);
        }
    }
}
