package io.firedrill.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.Test;

class ModuleClassesTest {

    @Test
    void importsTheAnchorsModuleWithoutItsTestsNorItsDependencies() {
        JavaClasses classes = ModuleClasses.of(LayerRules.class);

        assertThat(classes.stream().map(JavaClass::getName))
                .contains(LayerRules.class.getName(), ServicePom.class.getName())
                .doesNotContain(ModuleClassesTest.class.getName())
                .noneMatch(name -> name.startsWith("com.tngtech."));
    }
}
