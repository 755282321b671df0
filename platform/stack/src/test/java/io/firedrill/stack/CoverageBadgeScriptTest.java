package io.firedrill.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/CoverageBadge.java (`make coverage`) run for real with `java` on JaCoCo CSVs: the README's coverage badge
 * says the line coverage of the report, in the colour of its band, and a missing report fails instead of drawing one.
 */
class CoverageBadgeScriptTest {

    private static final String HEADER = "GROUP,PACKAGE,CLASS,INSTRUCTION_MISSED,INSTRUCTION_COVERED,BRANCH_MISSED,"
            + "BRANCH_COVERED,LINE_MISSED,LINE_COVERED,COMPLEXITY_MISSED,COMPLEXITY_COVERED,METHOD_MISSED,METHOD_COVERED\n";

    @TempDir
    Path dir;

    @Test
    void badgeShowsLineCoverageSummedOverEveryClassOfEveryModule() throws Exception {
        // 30 + 10 + 5 covered of 60 lines: 75.0% (instructions and branches differ on purpose).
        Path csv = write("jacoco.csv", HEADER
                + "coverage/firedrill-web,io.firedrill.web,ProblemWriter,40,60,2,2,10,30,1,5,0,4\n"
                + "coverage/firedrill-web,io.firedrill.web,ApiProblems,0,90,0,0,0,10,0,3,0,3\n"
                + "coverage/firedrill-chaos,io.firedrill.chaos,ChaosCli,100,1,9,0,5,5,4,1,2,1\n");

        ScriptRuns.Run run = badge(csv.toString(), dir.resolve("out/badge.svg").toString());

        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).contains("line coverage 75.0% (45 of 60 lines)");
        String svg = Files.readString(dir.resolve("out/badge.svg"));
        assertThat(svg).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"").contains("<title>coverage: 75.0%</title>")
                .contains("fill=\"#dfb317\"").doesNotContain("href");
    }

    @Test
    void colourFollowsTheBand() throws Exception {
        Path low = write("low.csv", HEADER + "g,p,C,0,0,0,0,60,40,0,0,0,0\n");
        Path high = write("high.csv", HEADER + "g,p,C,0,0,0,0,1,99,0,0,0,0\n");

        assertThat(badge(low.toString(), dir.resolve("low.svg").toString()).exit()).isZero();
        assertThat(badge(high.toString(), dir.resolve("high.svg").toString()).exit()).isZero();

        assertThat(Files.readString(dir.resolve("low.svg"))).contains("coverage: 40.0%").contains("#e05d44");
        assertThat(Files.readString(dir.resolve("high.svg"))).contains("coverage: 99.0%").contains("#4c1");
    }

    @Test
    void missingReportOrNoLinesFailsWithoutWritingABadge() throws Exception {
        ScriptRuns.Run missing = badge(dir.resolve("absent.csv").toString(), dir.resolve("a.svg").toString());
        Path empty = write("empty.csv", HEADER);
        ScriptRuns.Run noLines = badge(empty.toString(), dir.resolve("b.svg").toString());

        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.output()).contains("no JaCoCo CSV at").contains("make test");
        assertThat(noLines.exit()).isEqualTo(1);
        assertThat(noLines.output()).contains("counts no lines");
        assertThat(dir.resolve("a.svg")).doesNotExist();
        assertThat(dir.resolve("b.svg")).doesNotExist();
    }

    private Path write(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content);
    }

    private static ScriptRuns.Run badge(String... args) throws Exception {
        Path script = StackLayout.locateProjectRoot(Path.of("")).resolve("scripts/CoverageBadge.java");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, script.toString()));
        command.addAll(List.of(args));
        return ScriptRuns.run(new ProcessBuilder(command));
    }
}
