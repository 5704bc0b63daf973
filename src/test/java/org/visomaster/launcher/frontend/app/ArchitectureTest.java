package org.visomaster.launcher.frontend.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.GeneralCodingRules;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The floor plan (docs/architecture.md) as rules. Five rooms, arrows pointing one way:
 * front ends ({@code frontend.*}) → steps ({@code steps.*}) and imports ({@code imports}) → the engine
 * ({@code engine}) → the infrastructure ({@code infra.*}); beside the steps, the idle guard ({@code guard}), which
 * uses the engine and infra and is used only by front ends. No package depends on itself through others, only the
 * window touches JavaFX, and only the composition root ({@code frontend.app}) knows every part. Front ends learn about
 * models and the GPU through the engine's façade, and only the command line and the root write to standard streams.
 */
class ArchitectureTest {
    private static final String ROOT = "org.visomaster.launcher";
    private static final String ENGINE = ROOT + ".engine..";
    private static final String STEPS = ROOT + ".steps..";
    private static final String IMPORTS = ROOT + ".imports..";
    private static final String INFRA = ROOT + ".infra..";
    private static final String GUARD = ROOT + ".guard..";
    private static final String FRONTEND = ROOT + ".frontend..";
    private static final String UI = ROOT + ".frontend.ui..";
    private static final String APP = ROOT + ".frontend.app..";
    private static final String CLI = ROOT + ".frontend.cli..";
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
    }

    @Test
    void theRulesSeeTheWholeLauncherNotAnEmptyImport() {
        // a rule over no classes passes: make sure the import found every room
        assertTrue(classes.size() > 200, () -> classes.size() + " classes imported");
        for (String c : List.of(".engine.ProvisionService", ".steps.models.ModelsStep", ".imports.ImportService",
                ".infra.workspace.Workspace", ".frontend.ui.LauncherWindow", ".frontend.app.Main")) {
            assertTrue(classes.contain(ROOT + c), c);
        }
    }

    @Test
    void noCyclesBetweenRooms() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void noCyclesBetweenAnyTwoPackages() {
        slices().matching(ROOT + ".(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void theInfrastructureKnowsNothingAboveIt() {
        noClasses().that().resideInAPackage(INFRA).should().dependOnClassesThat()
                .resideInAnyPackage(ENGINE, STEPS, IMPORTS, FRONTEND).check(classes);
    }

    @Test
    void theEngineNeverDependsOnItsStepsOrItsFrontEnds() {
        noClasses().that().resideInAPackage(ENGINE).should().dependOnClassesThat()
                .resideInAnyPackage(STEPS, IMPORTS, FRONTEND).check(classes);
    }

    @Test
    void stepsAndImportsNeverReachAFrontEnd() {
        noClasses().that().resideInAnyPackage(STEPS, IMPORTS).should().dependOnClassesThat()
                .resideInAPackage(FRONTEND).check(classes);
    }

    @Test
    void theIdleGuardUsesTheEngineAndInfraButNoStepImportOrFrontEnd() {
        noClasses().that().resideInAPackage(GUARD).should().dependOnClassesThat()
                .resideInAnyPackage(STEPS, IMPORTS, FRONTEND).check(classes);
    }

    @Test
    void onlyFrontEndsKnowTheIdleGuard() {
        noClasses().that().resideInAnyPackage(ENGINE, INFRA, STEPS, IMPORTS).should().dependOnClassesThat()
                .resideInAPackage(GUARD).check(classes);
    }

    @Test
    void theEngineNeverDependsOnTheWindow() {
        noClasses().that().resideOutsideOfPackages(UI, APP).should()
                .dependOnClassesThat().resideInAPackage(UI).check(classes);
    }

    @Test
    void onlyTheWindowUsesJavaFx() {
        noClasses().that().resideOutsideOfPackage(UI).should().dependOnClassesThat()
                .resideInAPackage("javafx..").check(classes);
    }

    @Test
    void onlyTheDropPageUsesAnHttpServer() {
        // Jetty is set up against slow clients in one place (frontend.upload.HttpListener); the JDK's HttpServer,
        // which has no idle timeout, serves nothing
        noClasses().that().resideOutsideOfPackage(ROOT + ".frontend.upload..").should().dependOnClassesThat()
                .resideInAPackage("org.eclipse.jetty..").check(classes);
        noClasses().should().dependOnClassesThat().resideInAPackage("com.sun.net.httpserver..").check(classes);
    }

    @Test
    void frontEndsReachModelsAndGpuFactsOnlyThroughTheEnginesFacade() {
        // ProvisionService (its InstallFacts are wired in frontend.app) is the way in
        noClasses().that().resideInAPackage(FRONTEND).and().resideOutsideOfPackage(APP).should()
                .dependOnClassesThat().resideInAnyPackage(ROOT + ".steps.models..", ROOT + ".steps.selftest..")
                .check(classes);
    }

    @Test
    void onlyTheCommandLineAndTheRootUseTheStandardStreams() {
        // everything else is handed the stream it writes to (the upload server's announcement, the window's timings)
        noClasses().that().resideOutsideOfPackages(CLI, APP).should(GeneralCodingRules.ACCESS_STANDARD_STREAMS)
                .check(classes);
    }

    @Test
    void nothingDependsOnTheCompositionRoot() {
        noClasses().that().resideOutsideOfPackage(APP).should().dependOnClassesThat()
                .resideInAPackage(APP).check(classes);
    }
}
