package org.visomaster.launcher.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shape of the launcher's code: no package depends on itself through others, the engine never reaches the
 * window (ui → engine, never back), only the window's package touches JavaFX, and only the composition root (app)
 * knows every part.
 */
class ArchitectureTest {
    private static final String ROOT = "org.visomaster.launcher";
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
    }

    @Test
    void noCyclesBetweenFeaturePackages() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void noCyclesBetweenAnyTwoPackages() {
        slices().matching(ROOT + ".(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void theEngineNeverDependsOnTheWindow() {
        noClasses().that().resideOutsideOfPackages(ROOT + ".ui..", ROOT + ".app..").should()
                .dependOnClassesThat().resideInAPackage(ROOT + ".ui..").check(classes);
    }

    @Test
    void onlyTheWindowUsesJavaFx() {
        noClasses().that().resideOutsideOfPackage(ROOT + ".ui..").should().dependOnClassesThat()
                .resideInAPackage("javafx..").check(classes);
    }

    @Test
    void nothingDependsOnTheCompositionRoot() {
        noClasses().that().resideOutsideOfPackage(ROOT + ".app..").should().dependOnClassesThat()
                .resideInAPackage(ROOT + ".app..").check(classes);
    }
}
