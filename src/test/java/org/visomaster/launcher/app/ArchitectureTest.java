package org.visomaster.launcher.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
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
    void theRulesSeeTheWholeLauncherNotAnEmptyImport() {
        // a rule over no classes passes: make sure the import found the engine, the window and the root
        assertTrue(classes.size() > 200, () -> classes.size() + " classes imported");
        for (String c : List.of(".provision.ProvisionService", ".ui.LauncherWindow", ".app.Main")) {
            assertTrue(classes.contain(ROOT + c), c);
        }
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
