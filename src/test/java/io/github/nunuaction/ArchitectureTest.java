package io.github.nunuaction;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering of the code, from the top (what only the entry point uses) to the ground (what every
 * layer may use). Each layer may use only the layers below it, so every import points down and no
 * package imports one that imports it back. README, "Development", draws the same picture.
 */
class ArchitectureTest {
  static final String ROOT = "io.github.nunuaction";

  /** Top to bottom; a layer may use only the layers after it. */
  static final List<String[]> LAYERS =
      List.of(
          new String[] {"Steps", ROOT},
          new String[] {"Review", ROOT + ".review"},
          new String[] {"Renderers", ROOT + ".report"},
          new String[] {"Runs", ROOT + ".runs"},
          new String[] {"Upload", ROOT + ".upload"},
          new String[] {"Results model", ROOT + ".results"},
          new String[] {"Inputs", ROOT + ".config"},
          new String[] {"nunu client", ROOT + ".nunu"},
          new String[] {"GitHub client", ROOT + ".github"},
          new String[] {"HTTP caller", ROOT + ".http"},
          new String[] {"GitHub runtime", ROOT + ".actions"},
          new String[] {"Core", ROOT + ".core"});

  static JavaClasses classes;

  @BeforeAll
  static void importMainClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);
  }

  /** The rule for {@code layers}: each may be used only by the layers listed before it. */
  static LayeredArchitecture layering(List<String[]> layers) {
    LayeredArchitecture architecture = layeredArchitecture().consideringOnlyDependenciesInLayers();
    for (String[] layer : layers) {
      // The root package holds the steps; its subpackages are layers of their own.
      String packages = layer[1].equals(ROOT) ? ROOT : layer[1] + "..";
      architecture = architecture.layer(layer[0]).definedBy(packages);
    }
    for (int i = 0; i < layers.size(); i++) {
      String[] above = layers.subList(0, i).stream().map(l -> l[0]).toArray(String[]::new);
      architecture =
          i == 0
              ? architecture.whereLayer(layers.get(i)[0]).mayNotBeAccessedByAnyLayer()
              : architecture.whereLayer(layers.get(i)[0]).mayOnlyBeAccessedByLayers(above);
    }
    return architecture;
  }

  @Test
  void everyImportPointsDown() {
    layering(LAYERS).check(classes);
  }

  /** A new package must take a place in the picture, or the rule above would not see it. */
  @Test
  void everyPackageIsALayer() {
    var layered = LAYERS.stream().map(layer -> layer[1]).toList();
    var packages = classes.stream().map(c -> c.getPackageName()).distinct().toList();
    assertThat(packages).isNotEmpty().allSatisfy(name -> assertThat(layered).contains(name));
  }

  /** The root package holds the steps and what only they use; everything else has a package. */
  @Test
  void theRootPackageHoldsTheStepsOnly() {
    var steps =
        List.of("Main", "MainStep", "PostStep", "BuildStage", "Session", "Signals", "ExitCode");
    var root =
        classes.stream()
            .filter(c -> c.getPackageName().equals(ROOT))
            .map(c -> c.getSimpleName().isEmpty() ? c.getName() : c.getSimpleName())
            .filter(name -> !name.contains("$"))
            .toList();
    assertThat(root).isNotEmpty().allSatisfy(name -> assertThat(steps).contains(name));
  }

  @Test
  void noPackagesImportEachOther() {
    slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(classes);
  }

  /** The rule is not vacuous: a ground-floor class that imports a renderer is refused. */
  @Test
  void aLowerLayerUsingAHigherOneIsCaught() throws ClassNotFoundException {
    Class<?> upward = Class.forName(ROOT + ".core.UpwardImportFixture");
    JavaClasses withUpwardImport =
        new ClassFileImporter().importClasses(upward, io.github.nunuaction.report.Markdown.class);

    EvaluationResult result = layering(LAYERS).evaluate(withUpwardImport);

    assertThat(result.hasViolation()).isTrue();
    assertThat(result.getFailureReport().toString())
        .contains("UpwardImportFixture")
        .contains("io.github.nunuaction.report.Markdown");
  }

  /**
   * Request bodies are typed records built and written in the nunu client: a JSON tree is edited
   * only there, in core's readers and in the results.json writer.
   */
  @Test
  void objectNodesStayInTheNunuClientCoreAndResultsJson() {
    noClasses()
        .that()
        .resideOutsideOfPackages(ROOT + ".nunu..", ROOT + ".core..")
        .and()
        .doNotHaveFullyQualifiedName(ROOT + ".report.ResultsJson")
        .should()
        .dependOnClassesThat()
        .haveFullyQualifiedName(ObjectNode.class.getName())
        .check(classes);
  }

  /** Small enough to read at a sitting: no main source file over 450 lines. */
  @Test
  void noMainFileIsOver450Lines() throws IOException {
    var long_ = new ArrayList<String>();
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        long lines = Files.readAllLines(file).size();
        if (lines > 450) {
          long_.add(file.getFileName() + " (" + lines + ")");
        }
      }
    }
    assertThat(long_).isEmpty();
  }

  /** {@code GITHUB_*} (and the runner's other variables) are read in one place only. */
  @Test
  void onlyTheContextReadsTheRunnersVariables() throws IOException {
    Pattern runnerVariable = Pattern.compile("\"(GITHUB_|RUNNER_|STATE_)[A-Z_]*\"");
    Path sources = Path.of("src/main/java");
    var readers = new ArrayList<String>();
    try (Stream<Path> files = Files.walk(sources)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        if (runnerVariable.matcher(Files.readString(file)).find()) {
          readers.add(sources.relativize(file).toString());
        }
      }
    }
    assertThat(readers).containsExactly("io/github/nunuaction/actions/GitHubContext.java");
  }
}
