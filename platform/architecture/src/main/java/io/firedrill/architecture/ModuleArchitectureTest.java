package io.firedrill.architecture;

import static io.firedrill.architecture.LayerRules.noCycles;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.Test;

/**
 * The check every layered module runs: its packages depend on one another without a cycle. A module's
 * {@code ArchitectureTest} extends this (or {@link PlatformArchitectureTest}, {@link ServiceArchitectureTest}) and
 * names a class of its root package; the rules themselves live in {@link LayerRules}, once.
 */
public abstract class ModuleArchitectureTest {

    /** The module's root package, for example {@code io.firedrill.order}. */
    protected final String root;
    /** The module's own production classes ({@link ModuleClasses}). */
    protected final JavaClasses classes;
    /** A class of the root package: it locates the module's classes and its pom. */
    protected final Class<?> anchor;

    protected ModuleArchitectureTest(Class<?> anchor) {
        this.anchor = anchor;
        this.root = anchor.getPackageName();
        this.classes = ModuleClasses.of(anchor);
    }

    @Test
    void packagesDependOnEachOtherWithoutCycle() {
        noCycles(root).check(classes);
    }
}
