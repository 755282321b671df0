package io.firedrill.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The production classes of the module under test, and nothing else: rules judge what a module ships, so
 * neither its tests (which may import anything they exercise) nor the jars on its test classpath (which share
 * the {@code io.firedrill} prefix) may add to or hide a violation.
 */
public final class ModuleClasses {

    /** JUnit makes one test instance per test method: the classes of a folder are imported once per run. */
    private static final Map<Path, JavaClasses> IMPORTED = new ConcurrentHashMap<>();

    private ModuleClasses() {
    }

    /**
     * Imports the classes that sit in the same output folder as {@code anchor} (the module's
     * {@code target/classes} when its tests run in the reactor).
     */
    public static JavaClasses of(Class<?> anchor) {
        return IMPORTED.computeIfAbsent(outputFolder(anchor), ModuleClasses::importFrom);
    }

    /** Refuses an empty import: a rule that judged no class (a wrong anchor, an unbuilt module) proves nothing. */
    private static JavaClasses importFrom(Path folder) {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importLocations(List.of(Location.of(folder)));
        if (classes.isEmpty()) {
            throw new IllegalStateException("no production class found in " + folder
                    + ": build the module first, or anchor the test on a class of its main code");
        }
        return classes;
    }

    /** The folder (or jar) that {@code anchor} was loaded from. */
    static Path outputFolder(Class<?> anchor) {
        try {
            return Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the classes of " + anchor.getName(), e);
        }
    }
}
