package io.firedrill.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import java.util.List;
import java.util.stream.Stream;

/**
 * The layering rules of a Firedrill module, each taking the module's root package (for example
 * {@code io.firedrill.order}). Written once here so that every module's ArchitectureTest states which rules
 * apply to it, never how they are spelled.
 */
public final class LayerRules {

    /** The shared code a service may use: the wire vocabulary and the platform's libraries. */
    static final List<String> PLATFORM_PACKAGES = List.of(
            "io.firedrill.contracts..",
            "io.firedrill.messaging..",
            "io.firedrill.web..",
            "io.firedrill.observability..");

    /** What a domain model must not know about: frameworks, brokers, databases. */
    static final List<String> INFRASTRUCTURE_PACKAGES = List.of(
            "org.springframework..",
            "org.apache.kafka..",
            "java.sql..",
            "javax.sql..",
            "jakarta.persistence..",
            "javax.persistence..",
            "org.flywaydb..",
            "com.mysql..",
            "io.debezium..");

    private LayerRules() {
    }

    /**
     * The packages directly below {@code rootPackage} (each with its sub-packages) depend on one another
     * without a cycle. The root package itself is left out: it is the composition root (the application,
     * its configuration and properties), which sees every layer by design.
     */
    public static ArchRule noCycles(String rootPackage) {
        return slices().matching(rootPackage + ".(*)..")
                .namingSlices(rootPackage + ".$1")
                .should().beFreeOfCycles()
                // A module whose classes all sit in its root package (messaging) has no slice, hence no cycle.
                .allowEmptyShould(true)
                .because("a layer that reaches back into the layer using it can no longer be read, tested or"
                        + " replaced on its own");
    }

    /**
     * The {@code domain} package is the innermost layer: it imports no Spring, Kafka, JDBC or persistence code,
     * nor any other package of its own module (persistence, messaging, api...), so the model's rules can be read
     * and tested without any of them. The wire vocabulary (contracts), the JDK and plain libraries stay allowed.
     */
    public static ArchRule domainIsPure(String rootPackage) {
        String domain = rootPackage + ".domain..";
        DescribedPredicate<JavaClass> outerLayer = resideInAPackage(rootPackage + "..").and(not(resideInAPackage(domain)))
                .as("another package of " + rootPackage);
        return noClasses().that().resideInAPackage(domain)
                .should().dependOnClassesThat().resideInAnyPackage(INFRASTRUCTURE_PACKAGES.toArray(String[]::new))
                .orShould().dependOnClassesThat(outerLayer)
                .because("the domain model holds the rules; frameworks, storage and the other layers adapt to it,"
                        + " not the other way round");
    }

    /**
     * The module reaches other Firedrill code only through the platform (contracts, messaging, web,
     * observability): another service's classes (or a tool's, such as chaos or traffic) are out of bounds. Services
     * meet each other only this way; platform modules, for their part, never reach up into a service.
     */
    public static ArchRule reachesOnlyItselfAndPlatform(String rootPackage) {
        String[] allowed = Stream.concat(Stream.of(rootPackage + ".."), PLATFORM_PACKAGES.stream())
                .toArray(String[]::new);
        return noClasses().that().resideInAPackage(rootPackage + "..")
                .should().dependOnClassesThat(resideInAPackage("io.firedrill..").and(not(resideInAnyPackage(allowed))))
                .because("modules are deployed apart and meet only through messages and the shared platform");
    }

    /**
     * The named layers, outermost first (for example {@code "api", "checkout", "saga", "persistence", "domain"}):
     * no layer depends on a layer named before it. Stricter than {@link #noCycles}: it fixes the direction, so a
     * repository that starts calling the saga fails even before a cycle closes.
     */
    public static ArchRule layersInOrder(String rootPackage, String... outermostFirst) {
        List<String> layers = List.of(outermostFirst);
        ArchRule rule = null;
        for (int i = 1; i < layers.size(); i++) {
            String[] above = layers.subList(0, i).stream().map(l -> rootPackage + "." + l + "..")
                    .toArray(String[]::new);
            ArchRule layer = noClasses().that().resideInAPackage(rootPackage + "." + layers.get(i) + "..")
                    .and().resideOutsideOfPackages(above)
                    .should().dependOnClassesThat().resideInAnyPackage(above)
                    .as("no class of " + rootPackage + "." + layers.get(i) + " depends on " + String.join(", ",
                            layers.subList(0, i)));
            rule = rule == null ? layer : CompositeArchRule.of(rule).and(layer);
        }
        if (rule == null) {
            throw new IllegalArgumentException("layersInOrder needs at least two layers, got " + layers);
        }
        return rule.because("each layer uses only the layers below it: " + String.join(" -> ", layers));
    }
}
