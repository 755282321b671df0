package io.firedrill.architecture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The Maven side of "services meet only through the platform": a service module's pom names no Firedrill
 * artifact but those built under {@code platform/}. Checked on the pom and not only on the classes, because a
 * dependency on another service would put its classes (and its Spring auto-configuration) on the classpath
 * even before any code imports them.
 */
public final class ServicePom {

    private static final String GROUP = "io.firedrill";

    private ServicePom() {
    }

    /**
     * Fails, naming each offending artifact, when the pom of the module that built {@code anchor} depends on
     * a Firedrill artifact that is not a platform module.
     */
    public static void assertDependsOnlyOnPlatform(Class<?> anchor) {
        assertDependsOnlyOnPlatform(ModuleClasses.outputFolder(anchor).getParent().getParent());
    }

    /** Fails, naming each offending artifact, when {@code moduleDir}'s pom depends on a non-platform module. */
    public static void assertDependsOnlyOnPlatform(Path moduleDir) {
        Path pom = moduleDir.resolve("pom.xml");
        Set<String> platform = platformArtifacts(projectRoot(moduleDir).resolve("platform"));
        List<String> offenders = firedrillDependencies(pom).stream()
                .filter(artifact -> !platform.contains(artifact))
                .sorted()
                .toList();
        if (!offenders.isEmpty()) {
            throw new AssertionError(pom + " depends on " + offenders + ", which are not platform modules "
                    + platform.stream().sorted().toList() + ": services meet only through the platform");
        }
    }

    /** The artifact ids of the {@code io.firedrill} dependencies the pom declares (any scope). */
    static List<String> firedrillDependencies(Path pom) {
        NodeList dependencies = parse(pom).getElementsByTagName("dependency");
        return IntStream.range(0, dependencies.getLength())
                .mapToObj(i -> (Element) dependencies.item(i))
                .filter(dependency -> GROUP.equals(childText(dependency, "groupId")))
                .map(dependency -> childText(dependency, "artifactId"))
                .toList();
    }

    /** Every artifact built by a pom under {@code platformDir}, found rather than listed so new ones count. */
    static Set<String> platformArtifacts(Path platformDir) {
        try (Stream<Path> files = Files.walk(platformDir, 3)) {
            return files.filter(file -> file.getFileName().toString().equals("pom.xml"))
                    .filter(file -> !file.toString().contains("/target/"))
                    .map(file -> childText(parse(file).getDocumentElement(), "artifactId"))
                    .collect(Collectors.toSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path projectRoot(Path moduleDir) {
        for (Path dir = moduleDir; dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("platform")) && Files.exists(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no project root with a platform/ folder above " + moduleDir);
    }

    private static String childText(Element parent, String name) {
        NodeList children = parent.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i) instanceof Element child && child.getTagName().equals(name)) {
                return child.getTextContent().trim();
            }
        }
        return null;
    }

    private static Document parse(Path pom) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(pom.toFile());
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + pom, e);
        }
    }
}
