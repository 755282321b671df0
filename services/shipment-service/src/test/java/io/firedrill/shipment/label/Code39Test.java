package io.firedrill.shipment.label;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class Code39Test {

    @Test
    void everyCharacterIsNineElementsWithExactlyThreeWideAndAllDiffer() {
        assertThat(Code39.PATTERNS).hasSize(40); // 0-9, A-Z, "-", ".", space and the "*" frame
        assertThat(Code39.PATTERNS.values()).allSatisfy(p -> {
            assertThat(p).hasSize(9).matches("[nw]+");
            assertThat(p.chars().filter(c -> c == 'w').count()).isEqualTo(3);
        });
        assertThat(Code39.PATTERNS.values()).doesNotHaveDuplicates();
    }

    @Test
    void framesTheTextWithStartStopAndSeparatesCharacters() {
        List<Integer> modules = Code39.modules("FD1", 3);
        assertThat(modules).hasSize(5 * 9 + 4);  // * F D 1 * and four gaps
        assertThat(modules.stream().mapToInt(Integer::intValue).sum()).isEqualTo(5 * 15 + 4);
        assertThatThrownBy(() -> Code39.modules("fd", 3)).isInstanceOf(IllegalArgumentException.class);
    }
}
